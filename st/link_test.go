package st_test

import (
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestLinkButton(t *testing.T) {
	tests := []struct {
		url, wantErr string
	}{
		{"https://go.dev/doc", ""},
		{"HTTP://example.com", ""},
		{"/reports/today", ""},
		{"javascript:alert(1)", "cannot use the URL"},
		{" javascript:alert(1)", "cannot use the URL"},
		{"data:text/html,hi", "cannot use the URL"},
		{"reports", "cannot use the URL"},
	}
	for _, test := range tests {
		runs := 0
		app := sttest.Run(t, func(st *st.Ctx) {
			runs++
			st.LinkButton("Docs", test.url, st.Primary(true), st.Help("the docs"))
		})
		if test.wantErr != "" {
			ex := app.All("exception")
			if len(ex) != 1 || !strings.Contains(ex[0].Text(), test.wantErr) || len(app.All("link_button")) != 0 {
				t.Errorf("LinkButton(%q): page %s, want an error and no link", test.url, app)
			}
			continue
		}
		l := app.All("link_button")
		if len(l) != 1 || l[0].Props["url"] != test.url || l[0].Props["label"] != "Docs" || l[0].Props["primary"] != true || l[0].Props["help"] != "the docs" {
			t.Errorf("LinkButton(%q): page %v", test.url, app)
		}
		if runs != 1 {
			t.Errorf("drawing a link button ran the app %d times", runs)
		}
	}
}
