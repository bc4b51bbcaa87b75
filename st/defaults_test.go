package st_test

import (
	"bytes"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestWidgetPropsAtTheirDefaultAreLeftOut draws every kind of widget with
// its default options: the server sends none of the props every widget has
// at their defaults, and the page, which fills them from
// frontend/defaults.js as sttest does, has them all. A widget kind missing
// from that table would lack them here.
func TestWidgetPropsAtTheirDefaultAreLeftOut(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Button("Button")
		st.Form("f").FormSubmitButton("Send")
		st.DownloadButton("Download", []byte("x"), "x.txt")
		st.LinkButton("Link", "https://example.com")
		st.PageLink("https://example.com", "Page link")
		st.Checkbox("Checkbox")
		st.Toggle("Toggle")
		st.TextInput("Text input")
		st.TextArea("Text area")
		st.NumberInput("Number input")
		st.Slider("Slider", 0, 10)
		st.Selectbox("Selectbox", []string{"a", "b"})
		st.Radio("Radio", []string{"a", "b"})
		st.Multiselect("Multiselect", []string{"a", "b"})
		st.DateInput("Date input")
		st.DateRangeInput("Date range input")
		st.TimeInput("Time input")
		st.SelectSlider("Select slider", []string{"a", "b"})
		st.RangeSlider("Range slider", 0, 10)
		st.Pills("Pills", []string{"a", "b"})
		st.SegmentedControl("Segmented control", []string{"a", "b"})
		st.ColorPicker("Color picker")
		st.FileUploader("File uploader")
	})
	for _, sent := range []string{`"help":""`, `"disabled":false`, `"primary":false`, `"value":false`, `"multiple":false`, `"p":null`} {
		if bytes.Contains(app.Last, []byte(sent)) {
			t.Errorf("the page was sent %s: a prop at its default is left out\n%s", sent, app.Last)
		}
	}
	kinds := map[string]bool{}
	for _, n := range app.All() {
		if _, labeled := n.Props["label"]; !labeled || n.Kind == "form" {
			continue
		}
		kinds[n.Kind] = true
		if n.Props["help"] != "" || n.Props["disabled"] != false {
			t.Errorf("the page shows a %s with help %#v and disabled %#v, want \"\" and false from frontend/defaults.js", n.Kind, n.Props["help"], n.Props["disabled"])
		}
	}
	if len(kinds) != 23 {
		t.Errorf("the page has %d kinds of widget, want 23: %v", len(kinds), kinds)
	}
}
