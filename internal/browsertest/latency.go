package browsertest

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Behind returns the address of a TCP proxy in front of s on which every
// byte the browser sends reaches s latency later, in order, as over a
// network that is not loopback; what s sends goes back at once. On
// loopback a message and the answer it crosses never overlap in time; a
// real network makes them, and a page must cope (a run's result that
// arrives while the user's newer click is still on its way). The URL is
// s.URL with the proxy's port; the proxy closes when t ends.
func Behind(t testing.TB, s *Server, latency time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	track := func(c net.Conn) bool {
		mu.Lock()
		defer mu.Unlock()
		if conns == nil {
			c.Close()
			return false
		}
		conns[c] = true
		return true
	}
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for c := range conns {
			c.Close()
		}
		conns = nil
	})
	go func() {
		for {
			browser, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", s.addr)
			if err != nil {
				browser.Close()
				continue
			}
			if !track(browser) || !track(server) {
				continue
			}
			go func() {
				io.Copy(browser, server)
				browser.Close()
				server.Close()
			}()
			go delay(server, browser, latency)
		}
	}()
	return strings.Replace(s.URL, s.addr, ln.Addr().String(), 1)
}

// delay copies what src sends to dst, each piece d after it arrived.
func delay(dst, src net.Conn, d time.Duration) {
	type piece struct {
		b  []byte
		at time.Time
	}
	pieces := make(chan piece, 256)
	go func() {
		defer close(pieces)
		for {
			b := make([]byte, 32<<10)
			n, err := src.Read(b)
			if n > 0 {
				pieces <- piece{b[:n], time.Now().Add(d)}
			}
			if err != nil {
				return
			}
		}
	}()
	for p := range pieces {
		time.Sleep(time.Until(p.at))
		if _, err := dst.Write(p.b); err != nil {
			break
		}
	}
	dst.Close()
	src.Close()
	for range pieces { // the reader ends at its next Read
	}
}
