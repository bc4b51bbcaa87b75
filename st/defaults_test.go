package st_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
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

// sentProps returns the props of the first element of kind in a done
// message, as sent: before the page fills the defaults.
func sentProps(t *testing.T, done []byte, kind string) map[string]any {
	t.Helper()
	var msg struct {
		Ops []struct {
			N *sttest.Node `json:"n"`
		} `json:"ops"`
	}
	if err := json.Unmarshal(done, &msg); err != nil {
		t.Fatal(err)
	}
	var find func(n *sttest.Node) map[string]any
	find = func(n *sttest.Node) map[string]any {
		if n.Kind == kind {
			if n.Props == nil {
				return map[string]any{}
			}
			return n.Props
		}
		for _, c := range n.Children {
			if p := find(c); p != nil {
				return p
			}
		}
		return nil
	}
	for _, op := range msg.Ops {
		if op.N == nil {
			continue
		}
		if p := find(op.N); p != nil {
			return p
		}
	}
	t.Fatalf("no %s in %s", kind, done)
	return nil
}

// TestElementPropsAtTheirDefaultAreLeftOut draws elements other than the
// labelled widgets at their defaults: the props listed as gone are not
// sent, and the page, filling frontend/defaults.js's table, reads what the
// server sent before they were left out (old, recorded from the server
// that sent them).
func TestElementPropsAtTheirDefaultAreLeftOut(t *testing.T) {
	rows := []struct {
		X int     `json:"x"`
		Y float64 `json:"y"`
	}{{0, 1}, {1, 2}}
	for _, tc := range []struct {
		kind string
		draw func(st *st.Ctx)
		gone []string
		old  string
	}{
		{"chart", func(st *st.Ctx) { st.BarChart(rows) }, []string{"x"},
			`{"kind":"bar","x":null,"series":[{"name":"x","values":[0,1]},{"name":"y","values":[1,2]}]}`},
		{"code", func(st *st.Ctx) { st.Code("") }, []string{"code"},
			`{"code":"","language":"go"}`},
		{"exception", func(st *st.Ctx) { st.Exception(errors.New("boom")) }, []string{"stack"},
			`{"type":"error","message":"boom","stack":[]}`},
		// The old value was the empty changes, which the page reads as it
		// reads null (dataframe.js).
		{"data_editor", func(st *st.Ctx) { st.DataEditor(rows) }, []string{"value"},
			`{"columns":["x","y"],"rows":[[0,1],[1,2]],"numeric":[true,true],"types":["number","number"],"value":null,"help":"","disabled":false}`},
		{"feedback", func(st *st.Ctx) { st.Feedback("thumbs") }, []string{"disabled"},
			`{"kind":"thumbs","disabled":false,"index":-1}`},
		{"dialog", func(st *st.Ctx) { st.Dialog("Vote", nil) }, []string{"open"},
			`{"title":"Vote","open":false,"dismissible":true}`},
		{"popover", func(st *st.Ctx) { st.Popover("More") }, []string{"help", "disabled"},
			`{"label":"More","help":"","disabled":false}`},
		{"status", func(st *st.Ctx) { st.Status("Loading") }, []string{"expanded"},
			`{"label":"Loading","state":"running","expanded":false}`},
		{"chat_input", func(st *st.Ctx) { st.ChatInput("") }, []string{"placeholder", "disabled", "max_chars"},
			`{"placeholder":"","disabled":false,"max_chars":0}`},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			app := sttest.Run(t, tc.draw)
			sent := sentProps(t, app.Last, tc.kind)
			for _, k := range tc.gone {
				if v, ok := sent[k]; ok {
					t.Errorf("a %s was sent %q: %#v, its default", tc.kind, k, v)
				}
			}
			nodes := app.All(tc.kind)
			if len(nodes) != 1 {
				t.Fatalf("page %s, want one %s", app, tc.kind)
			}
			var old map[string]any
			if err := json.Unmarshal([]byte(tc.old), &old); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(nodes[0].Props, old) {
				t.Errorf("the page reads a %s's props as\n%v\nwant, as before they were left out,\n%v", tc.kind, nodes[0].Props, old)
			}
		})
	}
}
