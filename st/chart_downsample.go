package st

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// MaxChartPoints is the most points of one series a line or area chart
// sends to the browser. A longer series is downsampled to this many with
// LTTB: at 2,000 points, a chart as wide as a screen still gets more than
// two points per pixel, and a series costs about 30 KB on the wire
// whatever its length.
const MaxChartPoints = 2000

// downsample cuts every series longer than limit points to limit with LTTB,
// and returns the series with the row numbers each kept, and the sorted
// union of those rows, which the x axis then holds. When no series is
// longer than limit, it returns all unchanged and nil.
func downsample(t frame, x int, all []series, limit int) ([]series, []int) {
	long := false
	for _, s := range all {
		n := t.rows()
		if s.rows != nil {
			n = len(s.rows)
		}
		long = long || n > limit
	}
	if !long {
		return all, nil
	}
	xs := xNumbers(t, x)
	byX := func(a, b int) int { return cmp.Or(cmp.Compare(xs[a], xs[b]), cmp.Compare(a, b)) }
	out := make([]series, len(all))
	union := map[int]bool{}
	for j, s := range all {
		rows, values := s.rows, s.values
		if rows == nil {
			rows = make([]int, t.rows())
			for i := range rows {
				rows[i] = i
			}
		}
		// Points in the order a line joins them: by x, as the browser
		// draws them, the rows with no x left out as it leaves them out.
		order := make([]int, 0, len(rows)) // positions in rows
		for k, i := range rows {
			if !math.IsNaN(xs[i]) {
				order = append(order, k)
			}
		}
		if !slices.IsSortedFunc(order, func(a, b int) int { return byX(rows[a], rows[b]) }) {
			slices.SortStableFunc(order, func(a, b int) int { return byX(rows[a], rows[b]) })
		}
		keep := sample(order, func(k int) (float64, float64) { return xs[rows[k]], values[k] }, limit)
		d := series{name: s.name, rows: make([]int, len(keep)), values: make([]float64, len(keep))}
		for n, k := range keep {
			d.rows[n], d.values[n] = rows[k], values[k]
			union[rows[k]] = true
		}
		out[j] = d
	}
	kept := make([]int, 0, len(union))
	for i := range union {
		kept = append(kept, i)
	}
	slices.SortFunc(kept, byX)
	return out, kept
}

// sample picks from order, positions of points in x order, at most limit
// points with a value by LTTB, and every gap: the first point without a
// value after one with, so that the line still breaks where the data does.
func sample(order []int, at func(k int) (x, y float64), limit int) []int {
	finite := make([]int, 0, len(order)) // indices into order
	var gaps []int
	for n, k := range order {
		if _, y := at(k); !math.IsNaN(y) {
			finite = append(finite, n)
		} else if n > 0 {
			if _, prev := at(order[n-1]); !math.IsNaN(prev) {
				gaps = append(gaps, n)
			}
		}
	}
	picked := lttb(len(finite), func(i int) (float64, float64) { return at(order[finite[i]]) }, limit)
	keep := make([]int, 0, len(picked)+len(gaps))
	for _, i := range picked {
		keep = append(keep, finite[i])
	}
	keep = append(keep, gaps...)
	slices.Sort(keep)
	for n, i := range keep {
		keep[n] = order[i]
	}
	return keep
}

// lttb picks n of the points 0 … len-1 with Steinarsson's largest triangle
// three buckets: the first and the last, and from each of n-2 buckets in
// between the point making the largest triangle with the point picked
// before it and the mean of the next bucket.
func lttb(length int, at func(i int) (x, y float64), n int) []int {
	if n >= length || n < 3 {
		all := make([]int, length)
		for i := range all {
			all[i] = i
		}
		return all
	}
	picked := make([]int, 0, n)
	picked = append(picked, 0)
	every := float64(length-2) / float64(n-2)
	a := 0
	for b := range n - 2 {
		// The mean of the next bucket (the last point for the last one).
		lo := int(float64(b+1)*every) + 1
		hi := min(int(float64(b+2)*every)+1, length)
		var mx, my float64
		for i := lo; i < hi; i++ {
			x, y := at(i)
			mx += x
			my += y
		}
		if hi > lo {
			mx, my = mx/float64(hi-lo), my/float64(hi-lo)
		} else {
			mx, my = at(length - 1)
		}
		ax, ay := at(a)
		best, area := -1, -1.0
		for i := int(float64(b)*every) + 1; i < lo; i++ {
			x, y := at(i)
			if s := math.Abs((ax-mx)*(y-ay) - (ax-x)*(my-ay)); s > area {
				best, area = i, s
			}
		}
		picked = append(picked, best)
		a = best
	}
	return append(picked, length-1)
}

// xNumbers places every row on the x axis: the row number for the row
// index and for categories (the browser places them in row order), the
// number or the time in nanoseconds otherwise, NaN where there is none.
func xNumbers(t frame, x int) []float64 {
	xs := make([]float64, t.rows())
	isNumber, isTime := x >= 0 && numeric(t, x), x >= 0 && times(t, x)
	for i := range xs {
		xs[i] = float64(i)
		switch {
		case isNumber:
			xs[i] = math.NaN()
			if f, ok := t.float(i, x); ok {
				xs[i] = f
			}
		case isTime:
			xs[i] = math.NaN()
			if tm, ok := t.cell(i, x).(time.Time); ok {
				xs[i] = float64(tm.UnixNano())
			}
		}
	}
	return xs
}
