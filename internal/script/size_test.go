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
