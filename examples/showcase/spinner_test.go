package main

import (
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

func TestSpinnerShowsWhileTheWorkRuns(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	p, _ := open(t, func(st *st.Ctx) {
		if st.Button("Crunch") {
			st.Spinner("Crunching numbers…", func() { <-release })
			st.Text("crunched")
		}
	})
	p.Click("Crunch")
	p.WaitFor("the spinner", `(() => { const s = document.querySelector(".spinner"); return s && !s.hidden && s.innerText.includes("Crunching numbers…"); })()`)
	if browsertest.Eval[string](p, `getComputedStyle(document.querySelector(".spinner .wheel")).animationName`) != "spin" {
		t.Error("the wheel does not spin")
	}
	close(release)
	p.WaitText("crunched")
	p.WaitFor("the spinner to go", `!document.querySelector(".spinner") || document.querySelector(".spinner").hidden`)
	if p.HasText("Crunching numbers…") {
		t.Error("the spinner's text still shows after its work is done")
	}
}
