package tree

import (
	"encoding/json"
	"testing"
)

func leaf(kind, id, props string) *Node {
	return &Node{Kind: kind, ID: id, Props: json.RawMessage(props)}
}

func page(main ...*Node) *Node {
	r := NewRoot()
	r.Children[Main].Children = main
	return r
}

func TestDiff(t *testing.T) {
	for _, test := range []struct {
		name     string
		old, new *Node
		want     string
	}{
		{
			name: "first render sends the main block whole",
			old:  page(),
			new:  page(leaf("title", "", `{"html":"Hi"}`), leaf("button", "button:Go", `{"label":"Go"}`)),
			want: `[{"op":"set","p":[0],"n":{"k":"block","p":{"name":"main"},"c":[{"k":"title","p":{"html":"Hi"}},{"k":"button","id":"button:Go","p":{"label":"Go"}}]}}]`,
		},
		{
			name: "elements added to a page that has some are set one by one",
			old:  page(leaf("title", "", `{"html":"Hi"}`)),
			new:  page(leaf("title", "", `{"html":"Hi"}`), leaf("text", "", `{"text":"a"}`), leaf("button", "button:Go", `{"label":"Go"}`)),
			want: `[{"op":"set","p":[0,1],"n":{"k":"text","p":{"text":"a"}}},{"op":"set","p":[0,2],"n":{"k":"button","id":"button:Go","p":{"label":"Go"}}}]`,
		},
		{
			name: "a sidebar that gets its first element is sent whole",
			old:  page(leaf("title", "", `{"html":"Hi"}`)),
			new: func() *Node {
				r := page(leaf("title", "", `{"html":"Hi"}`))
				r.Children[Sidebar].Children = []*Node{leaf("text", "", `{"text":"s"}`)}
				return r
			}(),
			want: `[{"op":"set","p":[1],"n":{"k":"block","p":{"name":"sidebar"},"c":[{"k":"text","p":{"text":"s"}}]}}]`,
		},
		{
			name: "a container that gets its first element is not replaced",
			old:  page(&Node{Kind: "expander", ID: "expander:More", Props: json.RawMessage(`{}`)}),
			new:  page(&Node{Kind: "expander", ID: "expander:More", Props: json.RawMessage(`{}`), Children: []*Node{leaf("text", "", `{"text":"x"}`)}}),
			want: `[{"op":"set","p":[0,0,0],"n":{"k":"text","p":{"text":"x"}}}]`,
		},
		{
			name: "unchanged page sends nothing",
			old:  page(leaf("title", "", `{"html":"Hi"}`)),
			new:  page(leaf("title", "", `{"html":"Hi"}`)),
			want: `[]`,
		},
		{
			name: "same widget with a new value is updated in place",
			old:  page(leaf("text_input", "text_input:Name", `{"value":"a"}`)),
			new:  page(leaf("text_input", "text_input:Name", `{"value":"ab"}`)),
			want: `[{"op":"props","p":[0,0],"v":{"value":"ab"}}]`,
		},
		{
			name: "another widget at the same place is replaced",
			old:  page(leaf("checkbox", "checkbox:A", `{"value":true}`)),
			new:  page(leaf("checkbox", "checkbox:B", `{"value":true}`)),
			want: `[{"op":"set","p":[0,0],"n":{"k":"checkbox","id":"checkbox:B","p":{"value":true}}}]`,
		},
		{
			name: "shorter page trims the rest",
			old:  page(leaf("text", "", `{"text":"a"}`), leaf("text", "", `{"text":"b"}`), leaf("text", "", `{"text":"c"}`)),
			new:  page(leaf("text", "", `{"text":"a"}`)),
			want: `[{"op":"trim","p":[0],"n":1}]`,
		},
		{
			name: "changes inside containers are addressed by path",
			old:  page(&Node{Kind: "columns", Props: json.RawMessage(`{}`), Children: []*Node{{Kind: "column"}, {Kind: "column", Children: []*Node{leaf("text", "", `{"text":"x"}`)}}}}),
			new:  page(&Node{Kind: "columns", Props: json.RawMessage(`{}`), Children: []*Node{{Kind: "column"}, {Kind: "column", Children: []*Node{leaf("text", "", `{"text":"y"}`)}}}}),
			want: `[{"op":"props","p":[0,0,1,0],"v":{"text":"y"}}]`,
		},
		{
			// The ops' paths share arrays (differ.op): each keeps its own.
			name: "many changes keep a path each",
			old: page(leaf("text", "", `{"text":"a"}`), leaf("text", "", `{"text":"b"}`), leaf("text", "", `{"text":"c"}`),
				leaf("text", "", `{"text":"d"}`), leaf("text", "", `{"text":"e"}`), leaf("text", "", `{"text":"f"}`)),
			new: page(leaf("text", "", `{"text":"A"}`), leaf("text", "", `{"text":"B"}`), leaf("text", "", `{"text":"C"}`),
				leaf("text", "", `{"text":"D"}`), leaf("text", "", `{"text":"E"}`), leaf("text", "", `{"text":"F"}`), leaf("text", "", `{"text":"G"}`)),
			want: `[{"op":"props","p":[0,0],"v":{"text":"A"}},{"op":"props","p":[0,1],"v":{"text":"B"}},{"op":"props","p":[0,2],"v":{"text":"C"}},` +
				`{"op":"props","p":[0,3],"v":{"text":"D"}},{"op":"props","p":[0,4],"v":{"text":"E"}},{"op":"props","p":[0,5],"v":{"text":"F"}},` +
				`{"op":"set","p":[0,6],"n":{"k":"text","p":{"text":"G"}}}]`,
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			ops := Diff(test.old, test.new)
			got := string(AppendOps(nil, ops))
			if got != test.want {
				t.Errorf("Diff\ngot  %s\nwant %s", got, test.want)
			}
			if direct, n := AppendDiff([]byte("x"), test.old, test.new); string(direct) != "x"+test.want || n != len(ops) {
				t.Errorf("AppendDiff\ngot  %s (%d ops)\nwant x%s (%d ops)", direct, n, test.want, len(ops))
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("ops are not valid JSON: %s", got)
			}
		})
	}
}

func TestNodeJSONEscapesIDs(t *testing.T) {
	n := leaf("button", "button:\"</script>\u2028", `{}`)
	var back struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(n.AppendJSON(nil), &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != n.ID {
		t.Errorf("id round trip: got %q, want %q", back.ID, n.ID)
	}
}

// TestNodeJSONWritesIDsAsEncodingJSON: ids of plain ASCII are written as
// they are, the others through encoding/json; either way the bytes are
// encoding/json's, which the protocol's tests and the browser rely on.
func TestNodeJSONWritesIDsAsEncodingJSON(t *testing.T) {
	for c := range 256 {
		id := "checkbox:a" + string([]byte{byte(c)}) + "b"
		want, _ := json.Marshal(id)
		if got := appendString(nil, id); string(got) != string(want) {
			t.Errorf("id %q: got %s, want %s", id, got, want)
		}
	}
	for _, id := range []string{"", "button:Go", "=key", "reports|checkbox:X", "text_input:Näme", "a\u2028b"} {
		want, _ := json.Marshal(id)
		if got := appendString(nil, id); string(got) != string(want) {
			t.Errorf("id %q: got %s, want %s", id, got, want)
		}
	}
}

func TestPartialDiffAndMerge(t *testing.T) {
	old := page(leaf("text", "", `{"text":"a"}`), leaf("text", "", `{"text":"b"}`), leaf("text", "", `{"text":"c"}`))
	box := &Node{Kind: "container", Props: json.RawMessage(`{}`)}
	partial := page(leaf("text", "", `{"text":"A"}`), box)

	got := string(AppendOps(nil, DiffPartial(old, partial)))
	want := `[{"op":"props","p":[0,0],"v":{"text":"A"}},{"op":"set","p":[0,1],"n":{"k":"container","p":{}}}]`
	if got != want {
		t.Errorf("DiffPartial\ngot  %s\nwant %s", got, want)
	}
	view := Merge(old, partial)
	// The run goes on drawing into the container after the snapshot.
	box.Children = append(box.Children, leaf("text", "", `{"text":"in box"}`))
	final := partial

	got = string(AppendOps(nil, Diff(view, final)))
	want = `[{"op":"set","p":[0,1,0],"n":{"k":"text","p":{"text":"in box"}}},{"op":"trim","p":[0],"n":2}]`
	if got != want {
		t.Errorf("Diff after Merge\ngot  %s\nwant %s", got, want)
	}
}

func TestFresh(t *testing.T) {
	box := &Node{Kind: "container", Props: json.RawMessage(`{}`), Children: []*Node{leaf("text", "", `{}`), leaf("text", "", `{}`)}}
	root := page(leaf("title", "", `{}`), box)
	root.Children[Sidebar].Children = []*Node{leaf("text", "", `{}`)}
	got := string(AppendOps(nil, Fresh(root)))
	want := `[{"op":"fresh","p":[0],"n":2},{"op":"fresh","p":[0,1],"n":2},{"op":"fresh","p":[1],"n":1}]`
	if got != want {
		t.Errorf("Fresh\ngot  %s\nwant %s", got, want)
	}
}

// BenchmarkFirstPageJSON: a first page is one set op of the main block,
// every widget's id in it.
func BenchmarkFirstPageJSON(b *testing.B) {
	var kids []*Node
	for i := range 14 {
		kids = append(kids, leaf("text_input", "text_input:Field "+string(rune('A'+i)), `{"label":"Field"}`))
		kids = append(kids, leaf("markdown", "", `{"html":"<p>Some prose</p>"}`))
	}
	p := page(kids...)
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf = p.AppendJSON(buf[:0])
	}
}

// TestAppendDiffAllocatesNothing: AppendDiff appends the ops of a rerun
// that changed two elements, one deep in a column, into room the caller
// has, without an allocation of its own.
func TestAppendDiffAllocatesNothing(t *testing.T) {
	col := func(text string) *Node {
		return &Node{Kind: "column", Children: []*Node{leaf("text", "", `{"text":"`+text+`"}`)}}
	}
	old := page(leaf("text", "", `{"text":"1"}`), &Node{Kind: "columns", Children: []*Node{col("a"), col("1")}})
	new := page(leaf("text", "", `{"text":"2"}`), &Node{Kind: "columns", Children: []*Node{col("a"), col("2")}})
	buf := make([]byte, 0, 512)
	allocs := testing.AllocsPerRun(100, func() { AppendDiff(buf[:0], old, new) })
	if allocs != 0 {
		t.Errorf("AppendDiff allocates %v times; want 0", allocs)
	}
	if got, n := AppendDiff(nil, old, new); n != 2 || string(got) != string(AppendOps(nil, Diff(old, new))) {
		t.Errorf("AppendDiff: %s (%d ops); want Diff's two", got, n)
	}
}
