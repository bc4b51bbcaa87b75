package main

import (
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

func TestLinkButtonOpensANewTabWithoutARerun(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.LinkButton("<b>Runbook</b>", "https://wiki.example.com/runbook?x=1&y=2")
		st.LinkButton("Off", "https://example.com", st.Disabled(true))
	})
	link := browsertest.Eval[map[string]string](p, `(() => { const a = [...document.querySelectorAll(".link-button a")][0];
		return { text: a.textContent, href: a.getAttribute("href"), target: a.target, rel: a.rel, bold: String(!!a.querySelector("b")) }; })()`)
	want := map[string]string{"text": "<b>Runbook</b>", "href": "https://wiki.example.com/runbook?x=1&y=2", "target": "_blank", "rel": "noopener noreferrer", "bold": "false"}
	for k, v := range want {
		if link[k] != v {
			t.Errorf("the link's %s is %q, want %q", k, link[k], v)
		}
	}
	if off := browsertest.Eval[bool](p, `!document.querySelectorAll(".link-button a")[1].hasAttribute("href")`); !off {
		t.Error("a disabled link button still has an href")
	}
}
