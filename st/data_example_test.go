package st_test

import (
	"fmt"
	"reflect"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// A metric is a dashboard's key figure, with how it changed.
func ExampleCtx_Metric() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.Metric("Temperature", "21 °C", st.Delta("-1.5 °C"))
	})
	m := app.All("metric")[0].Props
	fmt.Println(m["label"], m["value"], m["delta"], m["direction"])
	// Output: Temperature 21 °C -1.5 °C down
}

// A table takes a slice of structs: a column per field, named by its json
// tag.
func ExampleCtx_Table() {
	type City struct {
		Name       string `json:"name"`
		Population int    `json:"population"`
	}
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.Table([]City{{"Oslo", 709_000}, {"Bergen", 291_000}})
	})
	t := app.All("table")[0].Props
	fmt.Println(t["columns"], t["rows"])
	// Output: [name population] [[Oslo 709000] [Bergen 291000]]
}

// A dataframe also takes a map of columns; the user can sort it.
func ExampleCtx_Dataframe() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.Dataframe(map[string][]float64{"x": {1, 2}, "y": {10, 20}})
	})
	t := app.All("dataframe")[0].Props
	fmt.Println(t["columns"], t["rows"])
	// Output: [x y] [[1 10] [2 20]]
}

// With OnSelect the user selects rows, and Dataframe returns their
// indices in the data.
func ExampleCtx_Dataframe_selection() {
	type Order struct {
		ID    int     `json:"id"`
		Total float64 `json:"total"`
	}
	orders := []Order{{1, 9.5}, {2, 120}, {3, 42}}
	app := sttest.Run(nil, func(st *st.Ctx) {
		sel := st.Dataframe(orders, st.OnSelect("rerun"), st.SelectionMode("single-row"),
			st.ColumnConfig(st.NumberColumn("total", "$%.2f")))
		for _, i := range sel.Rows {
			st.Text(fmt.Sprint("order ", orders[i].ID))
		}
	})
	df := app.All("dataframe")[0]
	app.Rerun(map[string]any{df.ID: []any{1.0}}, "") // the page selects the second row
	fmt.Println(app.Texts())
	// Output: [order 2]
}

// A data editor returns the rows as edited; Into puts them back into the
// app's type.
func ExampleCtx_DataEditor() {
	type Todo struct {
		Task string `json:"task"`
		Done bool   `json:"done"`
	}
	app := sttest.Run(nil, func(st *st.Ctx) {
		var todos []Todo
		if err := st.DataEditor([]Todo{{"write", false}, {"ship", false}}).Into(&todos); err != nil {
			st.Exception(err)
		}
		st.Text(fmt.Sprint(todos))
	})
	ed := app.All("data_editor")[0]
	// The page sends only the change, as Streamlit's edited_rows.
	app.Rerun(map[string]any{ed.ID: map[string]any{"edited_rows": map[string]any{"1": map[string]any{"done": true}}}}, "")
	fmt.Println(app.Texts())
	// Output: [[{write false} {ship true}]]
}

// An int is a percentage, a float a fraction, as in Streamlit.
func ExampleCtx_Progress() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.Progress(40, "Loading…")
		st.Progress(0.4)
	})
	for _, p := range app.All("progress") {
		fmt.Println(p.Props["value"], p.Props["text"])
	}
	// Output:
	// 0.4 Loading…
	// 0.4 <nil>
}

// FrameOf shows data held column by column, as Arrow and columnar
// databases hold it, without copying it: the Frame asks each column for
// the cells the page shows.
func ExampleFrameOf() {
	ids := []int64{7, 8}
	names := []string{"Oslo", "Bergen"}
	f, err := st.FrameOf(
		st.FrameColumn{Name: "id", Type: reflect.TypeFor[int64](), Len: len(ids), Value: func(i int) any { return ids[i] }},
		st.FrameColumn{Name: "city", Type: reflect.TypeFor[string](), Len: len(names), Value: func(i int) any { return names[i] }},
	)
	if err != nil {
		panic(err)
	}
	app := sttest.Run(nil, func(st *st.Ctx) { st.Dataframe(f) })
	t := app.All("dataframe")[0].Props
	fmt.Println(t["columns"], t["types"], t["rows"])
	// Output: [id city] [number text] [[7 Oslo] [8 Bergen]]
}
