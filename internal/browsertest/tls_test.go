package browsertest_test

// runtime/tls.go as a browser meets it: the page over HTTPS with HTTP/2,
// and its websocket (an HTTP/1.1 upgrade, since net/http announces no
// extended CONNECT) working beside it.

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"
	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

func clicksApp(st *st.Ctx) {
	n := st.SessionState()
	if st.Button("Add") {
		n.Set("n", n.Int("n")+1)
	}
	st.Text("clicks " + strconv.Itoa(n.Int("n")))
}

// TestHTTPSServesHTTP2AndTheWebsocket: Chromium loads the page and its
// modules over HTTP/2 (net/http's TLS server, as ServeTLS runs it with
// --server.sslCertFile), and a click goes over the websocket and back.
func TestHTTPSServesHTTP2AndTheWebsocket(t *testing.T) {
	srv := runtime.NewServer(clicksApp, runtime.Options{}, slog.New(slog.DiscardHandler))
	ts := httptest.NewUnstartedServer(srv)
	ts.EnableHTTP2 = true
	ts.StartTLS()
	t.Cleanup(ts.Close)

	p := browsertest.New(t)
	p.Do("accept the test certificate", func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: true})
		return chromedp.Void{}, err
	})
	p.Open(ts.URL + "/")
	p.WaitText("clicks 0")
	if proto := browsertest.Eval[string](p, `performance.getEntriesByType('navigation')[0].nextHopProtocol`); proto != "h2" {
		t.Errorf("the page came over %q, want h2", proto)
	}
	if proto := browsertest.Eval[string](p, `performance.getEntriesByType('resource').find((e) => e.name.endsWith('/app.js'))?.nextHopProtocol ?? ''`); proto != "h2" {
		t.Errorf("app.js came over %q, want h2", proto)
	}
	p.Click("Add")
	p.WaitText("clicks 1")
	p.Click("Add")
	p.WaitText("clicks 2")
}
