package script_test

import (
	"fmt"
	"log/slog"
	"strconv"
	"testing"

	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// BenchmarkRerunManySessions times the engine's share of a click's rerun
// (Begin, the widgets' values, the leaves reused or added, the end of the
// run) when many sessions take turns, as on a busy server: each session's
// page and widgets are no longer in the caches when its turn comes. The
// app is the engine's part of a representative page: a sidebar of
// widgets, a block of inputs, columns and prose, some 45 elements and 12
// widgets, of which the click changes one text.
//
//	go test -run '^$' -bench RerunManySessions -benchmem ./internal/script/
func BenchmarkRerunManySessions(b *testing.B) {
	for _, n := range []int{1, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchSessions(b, n) })
	}
}

func benchSessions(b *testing.B, n int) {
	md := markdown.New()
	log := slog.New(slog.DiscardHandler)
	prose := make([][]byte, 20)
	for i := range prose {
		prose[i] = fmt.Appendf(nil, `{"html":"<p>Order <strong>#%d</strong>, 3 items, status <em>shipped</em></p>"}`, 1000+i)
	}
	sideLabels := []string{"Region", "Only open", "Minimum", "Sort by", "Express"}
	mainLabels := []string{"Name", "Email", "Notes", "Quantity", "Tags"}
	var sideProps, mainProps [][]byte
	for j, label := range sideLabels {
		sideProps = append(sideProps, fmt.Appendf(nil, `{"label":%q,"value":%v}`, label, j%2 == 0))
	}
	for _, label := range mainLabels {
		mainProps = append(mainProps, fmt.Appendf(nil, `{"label":%q,"value":""}`, label))
	}
	states := make([]*script.State, n)
	apps := make([]script.App, n)
	for i := range states {
		clicks := 0
		apps[i] = func(r *script.Run) {
			main, side := r.Block(tree.Main), r.Block(tree.Sidebar)
			r.AddLeaf(main, "title", "", []byte(`{"html":"Orders dashboard"}`))
			for j, label := range sideLabels {
				w := checkbox(label)
				id, _, _, _ := r.Widget(&w)
				r.AddLeaf(side, "checkbox", id, sideProps[j])
			}
			for j, label := range mainLabels {
				w := textInput(label)
				id, _, _, _ := r.Widget(&w)
				r.AddLeaf(main, "text_input", id, mainProps[j])
			}
			add := button("Add one")
			if _, v, _, _ := r.Widget(&add); v == true {
				clicks++
			}
			r.AddLeaf(main, "button", "button:Add one", []byte(`{"label":"Add one"}`))
			nothing := button("Nothing")
			r.Widget(&nothing)
			r.AddLeaf(main, "button", "button:Nothing", []byte(`{"label":"Nothing"}`))
			r.AddLeaf(main, "text", "", []byte(`{"text":"Clicked `+strconv.Itoa(clicks)+` times."}`))
			row := r.Add(main, &tree.Node{Kind: "columns"})
			for range 3 {
				col := r.Add(row, &tree.Node{Kind: "column"})
				r.AddLeaf(col, "markdown", "", []byte(`{"html":"<p><strong>Orders</strong> 1,204</p>"}`))
			}
			for _, p := range prose {
				r.AddLeaf(main, "markdown", "", p)
			}
		}
		states[i] = script.NewState(md, log)
		s := states[i]
		s.Begin(s.Supersede(), script.Input{}).Execute(apps[i])
	}
	in := script.Input{Trigger: "button:Add one"}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		s := states[i]
		if out := s.Begin(s.Supersede(), in).Execute(apps[i]); out != script.Finished {
			b.Fatalf("run ended with %v", out)
		}
		if i++; i == n {
			i = 0
		}
	}
}
