// Dashboard is the internal tool gost is for: key figures, a chart, a
// table to sort and download as CSV, and a form to log what happened. Run it from the repository root
// with
//
//	go run ./cmd/gost run examples/dashboard
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"

	"github.com/gost-dev/gost/st"
)

// Day is one day of a shop's sales.
type Day struct {
	Date   time.Time `json:"date"`
	Orders int       `json:"orders"`
	Visits int       `json:"visits"`
}

func App(st *st.Ctx) {
	st.Title("Shop dashboard")
	days := int(st.Sidebar().Slider("Days", 7, 60, st.Value(28)))
	var data []Day
	var err error
	st.Spinner("Loading sales…", func() { data, err = loadSales.Get(context.Background(), days) })
	if err != nil {
		st.Exception(err)
		return
	}

	today, yesterday := data[len(data)-1], data[len(data)-2]
	cols := st.Columns(1, 1, 1)
	cols[0].Metric("Orders today", today.Orders, st.Delta(today.Orders-yesterday.Orders))
	cols[1].Metric("Visits today", today.Visits, st.Delta(today.Visits-yesterday.Visits))
	cols[2].Metric("Conversion", fmt.Sprintf("%.1f %%", 100*float64(today.Orders)/float64(today.Visits)))

	st.LineChart(data, st.X("date"), st.Y("orders"))
	st.Dataframe(data)
	st.DownloadButton("Download CSV", salesCSV(data), "sales.csv")

	log := st.SessionState()
	f := st.Form("log", st.ClearOnSubmit(true))
	note := f.TextInput("What happened today?")
	if f.FormSubmitButton("Log it") && note != "" {
		notes, _ := log.Get("notes")
		list, _ := notes.([]string)
		log.Set("notes", append(list, note))
	}
	notes, _ := log.Get("notes")
	if list, _ := notes.([]string); len(list) > 0 {
		st.Table(list)
	}
}

// loadSales runs the query once per number of days for every session, and
// again after ten minutes, when the sales may have changed.
var loadSales = st.CacheData(sales, st.TTL(10*time.Minute), st.MaxEntries(60))

// sales makes up the last n days of sales, the same on every run; in a real
// tool it is a database query.
func sales(ctx context.Context, n int) ([]Day, error) {
	end := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	days := make([]Day, n)
	for i := range days {
		visits := 400 + (i*37)%120
		days[i] = Day{end.AddDate(0, 0, i-n+1), visits/12 + i%5, visits}
	}
	return days, ctx.Err()
}

// salesCSV writes days as CSV, for a spreadsheet.
func salesCSV(days []Day) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"date", "orders", "visits"})
	for _, d := range days {
		w.Write([]string{d.Date.Format(time.DateOnly), strconv.Itoa(d.Orders), strconv.Itoa(d.Visits)})
	}
	w.Flush()
	return b.Bytes()
}
