package main

import (
	"bytes"
	"testing"

	"github.com/gost-dev/gost/sttest"
)

// TestFirstPageSize counts every byte the server sends a new tab of this
// app until its first run is done (sttest.FirstPage), as internal/benchapp's
// test does for the representative app: props at their default are left
// out (issue 15), and this holds the page to its size then (3,186 B), with
// a little room.
func TestFirstPageSize(t *testing.T) {
	msgs := sttest.FirstPage(t, App)
	size := len(bytes.Join(msgs, nil))
	if size > 3300 {
		t.Errorf("the first page is %d B, over 3300 B", size)
	}
	t.Logf("first page: %d B in %d messages", size, len(msgs))
}
