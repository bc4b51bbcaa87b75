package runtime

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
)

// serveHTTP serves hs on l: over TLS, with HTTP/2 (net/http's own,
// negotiated by ALPN), when the options name a certificate and key, as
// Streamlit's server.sslCertFile and server.sslKeyFile do; else plain
// HTTP/1.1, as behind a proxy that terminates TLS. The websocket stays on
// HTTP/1.1 either way: browsers and gorilla open it with an HTTP/1.1
// upgrade, which the server still offers through ALPN. A browser would
// carry it over HTTP/2 (RFC 8441) only if the server announced extended
// CONNECT, which net/http does only with GODEBUG=http2xconnect=1; then the
// upgrade, which needs to hijack an HTTP/1.1 connection, would fail. Do
// not set it.
func serveHTTP(hs *http.Server, l net.Listener, o Options) error {
	if !o.tls() {
		return hs.Serve(l)
	}
	return hs.ServeTLS(l, o.SSLCertFile, o.SSLKeyFile)
}

// checkTLS reports a certificate pair that cannot serve, before the server
// starts: half a pair, or files that do not load. Otherwise the listener
// would accept connections and fail every handshake.
func checkTLS(o Options) error {
	if !o.tls() {
		return nil
	}
	if o.SSLCertFile == "" || o.SSLKeyFile == "" {
		return errors.New("runtime: TLS needs both --server.sslCertFile and --server.sslKeyFile")
	}
	if _, err := tls.LoadX509KeyPair(o.SSLCertFile, o.SSLKeyFile); err != nil {
		return fmt.Errorf("runtime: TLS certificate %s and key %s: %w", o.SSLCertFile, o.SSLKeyFile, err)
	}
	return nil
}
