package benchapp_test

import (
	"bytes"
	"testing"

	"github.com/gost-dev/gost/internal/benchapp"
	"github.com/gost-dev/gost/sttest"
)

// The representative app's first page must stay smaller than Streamlit's
// (4,607 B for the same page, issue 15): at most this many bytes. A byte
// count is deterministic, so this is a test, not a benchmark.
const maxFirstPage = 4000

// TestRepresentativeFirstPageSize counts every byte the server sends a new
// tab until its first run is done, as cmd/gostbench's "first page" does.
func TestRepresentativeFirstPageSize(t *testing.T) {
	msgs := sttest.FirstPage(t, benchapp.RepresentativeApp)
	size := len(bytes.Join(msgs, nil))
	if size > maxFirstPage {
		t.Errorf("the representative app's first page is %d B, over %d B:\n%s", size, maxFirstPage, bytes.Join(msgs, []byte("\n")))
	}
	if !bytes.Contains(msgs[len(msgs)-1], []byte("Last updated 12:00 UTC.")) {
		t.Errorf("the first page lacks the app's last element:\n%s", msgs[len(msgs)-1])
	}
	t.Logf("first page: %d B in %d messages", size, len(msgs))
}
