package st_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// An internal tool's "Download CSV": encoding/csv writes the rows into a
// buffer, and the button offers its bytes. Clicking saves report.csv and
// reruns the app, with the button true for that run.
func ExampleCtx_DownloadButton() {
	type Sale struct {
		Region string
		Amount int
	}
	sales := []Sale{{"North", 120}, {"South", 80}}

	app := sttest.Run(nil, func(st *st.Ctx) {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"region", "amount"})
		for _, s := range sales {
			w.Write([]string{s.Region, strconv.Itoa(s.Amount)})
		}
		w.Flush()
		if st.DownloadButton("Download CSV", buf.Bytes(), "report.csv") {
			st.Caption("Downloaded.")
		}
	})
	p := app.Widget("download_button", "Download CSV").Props
	fmt.Println(p["name"], p["mime"], p["size"])
	app.Click("Download CSV")
	fmt.Println(app.Texts())
	// Output:
	// report.csv text/csv; charset=utf-8 33
	// [Download CSV Downloaded.]
}
