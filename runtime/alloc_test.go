//go:build !race

// The race detector empties sync.Pools at random and changes what
// escapes to the heap: allocation counts are checked in a build without
// it. scripts/test runs these tests (-run Alloc) that way after the race
// run.

package runtime

import "testing"

// TestSendAllocatesNothing: a message sent when the socket is free is
// written by the sender with nothing allocated: no goroutine, no frame
// buffer, no closure (a click's done is one per rerun, on every session).
func TestSendAllocatesNothing(t *testing.T) {
	c, ws := connPair(t)
	go func() {
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
	msg := []byte(`{"t":"done","n":2,"ops":[{"op":"set","p":[0,3],"n":{"k":"text","p":{"text":"count 1"}}}]}`)
	if allocs := testing.AllocsPerRun(1000, func() { c.Send(msg) }); allocs != 0 {
		t.Errorf("Send allocates %v times per message, want 0", allocs)
	}
}
