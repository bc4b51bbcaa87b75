package st_test

import (
	"encoding/csv"
	"fmt"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// An internal tool that reads the CSV someone uploads: nothing until a
// file is there, then its rows, or the parse error in the page.
func ExampleCtx_FileUploader() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		files := st.FileUploader("Sales data", st.Type(".csv"))
		if len(files) == 0 {
			st.Info("Upload a CSV to begin.")
			return
		}
		r, err := files[0].Open()
		if err != nil {
			st.Exception(err)
			return
		}
		defer r.Close()
		rows, err := csv.NewReader(r).ReadAll()
		if err != nil {
			st.Error(fmt.Sprintf("%s: %v", files[0].Name, err))
			return
		}
		st.Text(fmt.Sprintf("%s (%s, %d bytes): %d rows", files[0].Name, files[0].Type, files[0].Size, len(rows)-1))
	})
	fmt.Println(app.Texts())
	app.Upload("Sales data", "q3.csv", []byte("region,amount\nNorth,120\nSouth,80\n"))
	fmt.Println(app.Texts())
	// Output:
	// [Sales data Upload a CSV to begin.]
	// [Sales data q3.csv (text/csv, 33 bytes): 2 rows]
}
