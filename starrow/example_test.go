package starrow_test

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/starrow"
	"github.com/gost-dev/gost/sttest"
)

// A record, as a driver returns it, shows as a dataframe: a null is an
// empty cell.
func ExampleFromRecord() {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "city", Type: arrow.BinaryTypes.String},
		{Name: "population", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"Oslo", "Bergen"}, nil)
	b.Field(1).(*array.Int64Builder).AppendValues([]int64{709_000, 0}, []bool{true, false})
	rec := b.NewRecordBatch()
	defer rec.Release()

	f, err := starrow.FromRecord(rec)
	if err != nil {
		panic(err)
	}
	app := sttest.Run(nil, func(st *st.Ctx) { st.Dataframe(f) })
	t := app.All("dataframe")[0].Props
	fmt.Println(t["columns"], t["types"], t["rows"])
	// Output: [city population] [text number] [[Oslo 709000] [Bergen <nil>]]
}
