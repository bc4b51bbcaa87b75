package st_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// Sale is a row of the example's query.
type Sale struct {
	Region string
	Units  int
}

// queries counts the example's trips to the database.
var queries int

// loadSales stands for a slow query: a package-level cache, shared by every
// session, whose results expire after ten minutes.
var loadSales = st.CacheData(func(ctx context.Context, region string) ([]Sale, error) {
	queries++
	return []Sale{{region, 3}, {region, 5}}, nil
}, st.TTL(10*time.Minute), st.MaxEntries(100))

// Three sessions show the sales of the same region: the query runs once.
func ExampleCacheData() {
	app := func(st *st.Ctx) {
		sales, err := loadSales.Get(context.Background(), "EU")
		if err != nil {
			st.Exception(err)
			return
		}
		st.Write(fmt.Sprint(len(sales), " sales"))
	}
	for range 3 {
		fmt.Println(sttest.Run(nil, app).Texts())
	}
	fmt.Println(queries, "query")
	// Output:
	// [2 sales]
	// [2 sales]
	// [2 sales]
	// 1 query
}
