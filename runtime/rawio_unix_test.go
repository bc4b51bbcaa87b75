//go:build unix

package runtime

import (
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// TestSocketReaderReadsAsTheConnectionWould: the raw reader of a tab's
// socket returns what came, waits for what has not, ends at the peer's
// close, and keeps the connection's read deadline, which ends a tab that
// no longer answers pings.
func TestSocketReaderReadsAsTheConnectionWould(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		peer func(net.Conn) // what the other end does
		conn func(*net.TCPConn)
		want string
		err  error
	}{
		{"data sent before the read", func(p net.Conn) { p.Write([]byte("hello")) }, nil, "hello", nil},
		{"data sent while it waits", func(p net.Conn) {
			time.Sleep(50 * time.Millisecond)
			p.Write([]byte("later"))
		}, nil, "later", nil},
		{"the peer closes", func(p net.Conn) { p.Close() }, nil, "", io.EOF},
		{"the read deadline passes", func(net.Conn) {}, func(c *net.TCPConn) {
			c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		}, "", os.ErrDeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			peer, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer peer.Close()
			c, err := ln.Accept()
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			tc := c.(*net.TCPConn)
			r := rawReader(tc)
			if _, ok := r.(*socketReader); !ok {
				t.Fatalf("rawReader of a TCP connection is a %T, want a socketReader", r)
			}
			if tt.conn != nil {
				tt.conn(tc)
			}
			go tt.peer(peer)
			buf := make([]byte, 64)
			n, err := r.Read(buf)
			if got := string(buf[:n]); got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("Read = %q, %v; want %q, %v", got, err, tt.want, tt.err)
			}
		})
	}
}
