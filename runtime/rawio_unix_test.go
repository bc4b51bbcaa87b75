//go:build unix

package runtime

import (
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
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
			r := readRaw(tc)
			if rc, ok := r.(*tabConn); !ok || rc.TCPConn != tc {
				t.Fatalf("readRaw of a TCP connection is a %T, want a tabConn of it", r)
			} else if _, ok := rc.r.(*socketReader); !ok {
				t.Fatalf("readRaw's connection reads with a %T, want a socketReader", rc.r)
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

// TestATabIsReadRaw: gorilla reads a tab's messages through the raw
// reader, and the idler waits on the same buffer. (gorilla resets the
// buffer it is handed to read from the connection it is handed.)
func TestATabIsReadRaw(t *testing.T) {
	t.Parallel()
	srv, ts := testServer(t, func(st *st.Ctx) { st.Button("Again") })
	b := dial(t, ts)
	id := b.hello("", nil).ID
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Again", "seq": 1})
	b.until("done")
	c := connOf(srv, id)
	tc, ok := c.ws.NetConn().(*tabConn)
	if !ok {
		t.Fatalf("the tab's websocket reads from a %T, want a tabConn", c.ws.NetConn())
	}
	if c.idle.raw == nil || c.idle.br == nil {
		t.Error("the tab has no idler")
	}
	if _, ok := tc.r.(*socketReader); !ok {
		t.Errorf("the tab's connection reads with a %T, want a socketReader", tc.r)
	}
}
