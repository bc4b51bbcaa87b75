package browsertest

import (
	"fmt"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

// TestQuickClicksOnASlowAppAllCount is forty quick clicks on a number
// input's "+" whose app sleeps after drawing: every run but the last is
// superseded while it sleeps and returns with no st call left. Such a stale
// run's page must never reach the browser, or it writes its older value
// into the field and the clicks after it count from there (issue 8.6:
// they ended at 20-35). The run sleeps much longer than the clicks are
// apart, so no run finishes while the page is still clicking: a run that
// finished unsuperseded while a click was on its way would still pull the
// field back (the page cannot tell which of its values a done answers;
// that needs an acknowledgement in the protocol).
func TestQuickClicksOnASlowAppAllCount(t *testing.T) {
	t.Parallel()
	srv := Serve(t, func(st *st.Ctx) {
		n := st.NumberInput("Count")
		st.Text(fmt.Sprintf("count=%v", n))
		time.Sleep(500 * time.Millisecond)
	})
	p := New(t)
	p.Open(srv.URL)
	p.Exec(`(async () => {
		const plus = ` + Control("Count") + `.closest('.widget').querySelector('[aria-label=Increase]');
		for (let i = 0; i < 40; i++) {
			plus.click();
			await new Promise((r) => setTimeout(r, 15));
		}
	})()`)
	p.WaitIdle()
	p.WaitText("count=40")
	if v := Eval[string](p, Control("Count")+`.value`); v != "40" {
		t.Errorf("after 40 clicks the field shows %s, want 40", v)
	}
}
