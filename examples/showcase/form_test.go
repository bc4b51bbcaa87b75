package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// todoApp adds an item per submit of a form that clears on submit.
func todoApp(st *st.Ctx) {
	items := st.SessionState()
	f := st.Form("todo", st.ClearOnSubmit(true))
	item := f.TextInput("Item")
	count := f.NumberInput("Count", st.Value(1))
	urgent := f.Checkbox("Urgent")
	tags := f.Multiselect("Tags", []string{"home", "work"})
	if f.FormSubmitButton("Add") {
		v, _ := items.Get("list")
		list, _ := v.([]string)
		items.Set("list", append(list, fmt.Sprintf("%s×%v urgent=%v %s", item, count, urgent, strings.Join(tags, "+"))))
	}
	v, _ := items.Get("list")
	list, _ := v.([]string)
	st.Text("Items: " + strings.Join(list, "; "))
}

func TestFormClearsOnSubmit(t *testing.T) {
	t.Parallel()
	p, _ := open(t, todoApp)
	p.Toggle("Tags", "work")
	p.Fill("Item", "milk") // a click away closes the dropdown
	p.Fill("Count", "2")
	p.Check("Urgent")
	p.Click("Add")
	p.WaitText("Items: milk×2 urgent=true work")
	p.WaitIdle()
	// The form is empty again, and stays so after the run.
	controls := browsertest.Eval[[]any](p, `[`+browsertest.Control("Item")+`.value, `+browsertest.Control("Count")+`.value, `+browsertest.Control("Urgent")+`.checked, document.querySelector(".multiselect .chip") === null]`)
	if fmt.Sprint(controls) != "[ 1 false true]" {
		t.Errorf("after submit the form holds %v, want its defaults [\"\" 1 false no chips]", controls)
	}
	// A second item, with only what is typed now.
	p.Fill("Item", "eggs")
	p.Click("Add")
	p.WaitText("Items: milk×2 urgent=true work; eggs×1 urgent=false")
	if got := browsertest.Eval[string](p, browsertest.Control("Item")+`.value`); got != "" {
		t.Errorf("after the second submit Item holds %q", got)
	}
}
