package runtime

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// selfSigned writes a certificate for 127.0.0.1 and its key to dir, and
// returns their paths and a pool that trusts the certificate.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "gost test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	return certFile, keyFile, pool
}

// TestTLSServesHTTP2AndWebsocket: with a certificate and key the server
// speaks HTTPS, HTTP/2 to a client that offers it, and the websocket (an
// HTTP/1.1 upgrade) still works over the same port.
func TestTLSServesHTTP2AndWebsocket(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pool := selfSigned(t, t.TempDir())
	opts := Options{SSLCertFile: certFile, SSLKeyFile: keyFile}
	if err := checkTLS(opts); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(counterApp, opts, nil)
	hs := &http.Server{Handler: srv}
	go serveHTTP(hs, l, opts)
	t.Cleanup(func() { hs.Shutdown(context.Background()) })
	base := "https://" + l.Addr().String()

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
	for _, path := range []string{"/healthz", "/readyz", "/", "/app.js"} {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.ProtoMajor != 2 {
			t.Errorf("GET %s: %d over %s, want 200 over HTTP/2", path, resp.StatusCode, resp.Proto)
		}
		if path == "/app.js" && resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s over HTTP/2: not gzipped", path)
		}
	}

	d := websocket.Dialer{TLSClientConfig: &tls.Config{RootCAs: pool}}
	ws, resp, err := d.Dial("wss://"+l.Addr().String()+"/_gost/stream", http.Header{"Origin": {base}})
	if err != nil {
		t.Fatalf("wss dial: %v (%v)", err, resp)
	}
	defer ws.Close()
	b := &browser{t, ws}
	b.hello("", nil)
	if done := b.until("done"); done.S != "ok" || !strings.Contains(string(done.raw), "Counter") {
		t.Errorf("the app's first run over wss: %s", done.raw)
	}
	b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	if done := b.until("done"); !strings.Contains(string(done.raw), "count 1") {
		t.Errorf("a click over wss: %s", done.raw)
	}
}

// TestTLSBadFilesStopTheStart: half a pair, or files that do not load,
// are said before the server listens, naming what is wrong.
func TestTLSBadFilesStopTheStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile, _ := selfSigned(t, dir)
	for _, tt := range []struct {
		o    Options
		want string
	}{
		{Options{SSLCertFile: certFile}, "needs both --server.sslCertFile and --server.sslKeyFile"},
		{Options{SSLKeyFile: keyFile}, "needs both"},
		{Options{SSLCertFile: filepath.Join(dir, "missing.pem"), SSLKeyFile: keyFile}, "missing.pem"},
		{Options{SSLCertFile: keyFile, SSLKeyFile: certFile}, "key.pem"},
	} {
		err := Serve(context.Background(), counterApp, tt.o)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "runtime: ") {
			t.Errorf("Serve with %+v: %v, want an error with %q", tt.o, err, tt.want)
		}
	}
}
