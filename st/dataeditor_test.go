package st_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

type todo struct {
	Task  string    `json:"task"`
	Done  bool      `json:"done"`
	Hours int       `json:"hours"`
	Due   time.Time `json:"due"`
}

func todos() []todo {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	return []todo{{"write", false, 2, day}, {"test", false, 3, day}, {"ship", false, 1, day.AddDate(0, 0, 1)}}
}

func editorApp(got *st.Edited, opts ...func(st *st.Ctx) st.Option) func(st *st.Ctx) {
	return func(ctx *st.Ctx) {
		var o []st.Option
		for _, f := range opts {
			o = append(o, f(ctx))
		}
		*got = ctx.DataEditor(todos(), o...)
	}
}

func TestDataEditorAppliesEdits(t *testing.T) {
	var got st.Edited
	app := sttest.Run(t, editorApp(&got, func(st *st.Ctx) st.Option { return st.NumRows("dynamic") }))
	ed := app.All("data_editor")
	if len(ed) != 1 || ed[0].ID == "" || len(ed[0].Props["rows"].([]any)) != 3 || ed[0].Props["dynamic"] != true {
		t.Fatalf("page %s, want a dynamic data editor of 3 rows", app)
	}
	id := ed[0].ID
	app.Rerun(map[string]any{id: map[string]any{
		"edited_rows":  map[string]any{"0": map[string]any{"done": true, "hours": 4.0}, "2": map[string]any{"due": "2026-12-24"}},
		"added_rows":   []any{map[string]any{"task": "party", "hours": 8.0}},
		"deleted_rows": []any{1.0},
	}}, "")
	var rows []todo
	if err := got.Into(&rows); err != nil {
		t.Fatal(err)
	}
	want := []todo{{"write", true, 4, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, {"ship", false, 1, time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)}, {Task: "party", Hours: 8}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("edited rows %+v\nwant %+v", rows, want)
	}
	if got.EditedRows[0]["hours"] != 4 || !reflect.DeepEqual(got.DeletedRows, []int{1}) || len(got.AddedRows) != 1 {
		t.Errorf("changes %+v %+v %+v; want hours an int 4, row 1 deleted, one added", got.EditedRows, got.DeletedRows, got.AddedRows)
	}
	// The page gets the changes back, as the server took them.
	v := app.All("data_editor")[0].Props["value"].(map[string]any)
	edited := v["edited_rows"].(map[string]any)
	if fmt.Sprint(v["deleted_rows"]) != "[1]" || fmt.Sprint(edited["0"]) != "map[done:true hours:4]" || fmt.Sprint(edited["2"]) != "map[due:2026-12-24]" {
		t.Errorf("value in the props %v", v)
	}
}

// The browser is not trusted: each value is checked against its column.
func TestDataEditorChecksTypes(t *testing.T) {
	var got st.Edited
	app := sttest.Run(t, editorApp(&got, func(st *st.Ctx) st.Option {
		task := st.Column("task")
		task.Disabled = true
		return st.ColumnConfig(task)
	}))
	id := app.All("data_editor")[0].ID
	app.Rerun(map[string]any{id: map[string]any{
		"edited_rows": map[string]any{
			"0":  map[string]any{"done": "yes", "hours": 1.5, "task": "renamed", "nope": 1.0, "due": "tomorrow"},
			"1":  map[string]any{"hours": 1e300},
			"2":  map[string]any{"done": true, "hours": nil},
			"9":  map[string]any{"done": true},
			"-1": map[string]any{"done": true},
		},
		// Not dynamic: adding and deleting are not allowed.
		"added_rows":   []any{map[string]any{"task": "x"}},
		"deleted_rows": []any{0.0},
	}}, "")
	if fmt.Sprint(got.EditedRows) != "map[2:map[done:true hours:<nil>]]" || len(got.AddedRows) != 0 || len(got.DeletedRows) != 0 || len(got.Rows) != 3 {
		t.Errorf("kept %v, added %v, deleted %v; want only row 2's valid cells", got.EditedRows, got.AddedRows, got.DeletedRows)
	}
	for _, bad := range []any{"x", []any{1.0}, map[string]any{"edited_rows": []any{}}, map[string]any{"deleted_rows": []any{0.5}}, map[string]any{"edited_rows": map[string]any{"x": map[string]any{}}}} {
		app.Rerun(map[string]any{id: bad}, "")
		if len(got.EditedRows) != 0 {
			t.Errorf("after %#v: edits %v, want none", bad, got.EditedRows)
		}
	}
}

func TestDataEditorDisabledTakesNoEdits(t *testing.T) {
	var got st.Edited
	app := sttest.Run(t, editorApp(&got, func(st *st.Ctx) st.Option { return st.Disabled(true) }))
	id := app.All("data_editor")[0].ID
	app.Rerun(map[string]any{id: map[string]any{"edited_rows": map[string]any{"0": map[string]any{"done": true}}}}, "")
	if len(got.EditedRows) != 0 || got.Rows[0][1] != false {
		t.Errorf("a disabled editor took %v", got.EditedRows)
	}
}

func TestDataEditorRefusesBadNumRows(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) { st.DataEditor(todos(), st.NumRows("many")) })
	if ex := app.All("exception"); len(ex) != 1 || !strings.Contains(ex[0].Text(), `st.DataEditor: NumRows("many")`) {
		t.Errorf("page %s", app)
	}
}
