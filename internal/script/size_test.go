package script

import (
	"testing"
	"unsafe"
)

// TestRunIsSmall: every rerun makes a Run, and the GC's cost per rerun
// grows with the bytes a rerun allocates: what few runs use goes in
// rareRun, not in Run (176 bytes, a size class of the allocator's; 352
// before).
func TestRunIsSmall(t *testing.T) {
	if size := unsafe.Sizeof(Run{}); size > 176 {
		t.Errorf("a Run is %d bytes, more than 176: put what few runs use in rareRun", size)
	}
}

// TestWidgetRecordIsSmall: an idle session keeps a widget record for
// every widget on its page: 144 bytes, a size class of the allocator's
// (one field more is 160), and 48 for the copy of a choice's or number's
// Domain.
func TestWidgetRecordIsSmall(t *testing.T) {
	if size := unsafe.Sizeof(widget{}); size > 144 {
		t.Errorf("a widget record is %d bytes, more than 144", size)
	}
	if size := unsafe.Sizeof(withinCopy{}); size > 48 {
		t.Errorf("a widget's copy of its Domain is %d bytes, more than 48", size)
	}
}
