package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gost-dev/gost/internal/benchapp"
)

// runStream is issue 9's stream benchmark: every session streams an answer
// of benchapp.StreamPieces pieces at 50 a second (st.WriteStream), all at
// once. Each piece carries the time it was yielded, so the client measures
// piece-to-socket latency (the clocks are the same machine's); the server's
// CPU time and the bytes of the delta messages give the cost per piece.
func runStream(cfg config, rep int) (res result, err error) {
	res.Scenario = "stream"
	n := cfg.sessions
	if n == 0 {
		n = 1000
	}
	if _, err := raiseFDLimit(fdsNeeded(cfg, n)); err != nil {
		return res, err
	}
	t, err := start(cfg, "stream", "stream", rep)
	if err != nil {
		return res, err
	}
	defer t.stop()
	res.Server = t.mode
	clients, _, took, err := connectAll(t.addr, n, cfg.dialConcurrency, "stream")
	if err != nil {
		return res, err
	}
	defer closeAll(clients)
	res.note("%d sessions connected in %.1fs, each streaming %d pieces, one every %s", n, took.Seconds(), benchapp.StreamPieces, benchapp.StreamEvery)

	var cpu0 time.Duration
	if t.pid != 0 {
		if cpu0, err = cpuTime(t.pid); err != nil {
			return res, err
		}
	}
	load0 := loadavg()
	msg := rerunMsg(benchapp.StreamTrigger)
	type tally struct {
		lats                 []time.Duration
		pieces, text, deltas int
		wire                 int   // bytes of the delta messages
		last                 int64 // the newest piece seen
		err                  error
	}
	tallies := make([]tally, n)
	begin := time.Now()
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tl := &tallies[i]
			// Spread the starts over one piece's period, as real users are.
			time.Sleep(rand.N(benchapp.StreamEvery))
			if err := c.write(msg); err != nil {
				tl.err = err
				return
			}
			for {
				m, err := c.read()
				if err != nil {
					tl.err = err
					return
				}
				now := time.Now()
				switch m.t {
				case "done":
					return
				case "delta", "+": // "+": an append message (docs/protocol.md)
					tl.deltas++
					tl.wire += m.size
					pieces, text, err := appended(c.buf.Bytes(), now, &tl.lats, &tl.last)
					if err != nil {
						tl.err = err
						return
					}
					tl.pieces += pieces
					tl.text += text
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	res.note("load average %s at the start, %s at the end (2 CPUs)", load0, loadavg())
	var lats []time.Duration
	var pieces, text, deltas, wire, failed int
	for _, tl := range tallies {
		if tl.err != nil {
			if failed == 0 {
				res.note("first error: %v", tl.err)
			}
			failed++
		}
		lats = append(lats, tl.lats...)
		pieces += tl.pieces
		text += tl.text
		deltas += tl.deltas
		wire += tl.wire
	}
	if pieces == 0 {
		return res, errors.New("no piece arrived")
	}
	res.addTarget("piece-to-socket p50", "ms", ms(percentile(lats, 50)), 0, false)
	res.addTarget("piece-to-socket p99", "ms", ms(percentile(lats, 99)), 20, false)
	res.add("piece-to-socket max", "ms", ms(percentile(lats, 100)))
	res.addTarget("overhead bytes per piece", "B", float64(wire-text)/float64(pieces), 40, false)
	res.add("pieces per delta", "", float64(pieces)/float64(deltas))
	res.add("pieces per second", "1/s", float64(pieces)/elapsed.Seconds())
	if t.pid != 0 {
		cpu1, err := cpuTime(t.pid)
		if err != nil {
			return res, err
		}
		res.add("server CPU per piece", "µs", float64((cpu1-cpu0).Microseconds())/float64(pieces))
	}
	res.addTarget("sessions failed", "", float64(failed), 0, false)
	return res, nil
}

// appended reads the appends of a message, an append message ("+") or
// the append ops of a delta (as servers before it sent), and for each piece
// they bring (a Unix-nanosecond time and a space, raw or in the rendering
// of the paragraph still arriving) the time it took to arrive. It returns
// the new pieces and the bytes of their text.
func appended(msg []byte, now time.Time, lats *[]time.Duration, last *int64) (pieces, text int, err error) {
	type appendOp struct {
		Op   string `json:"op"`
		HTML string `json:"html"`
		Open string `json:"open"`
		Text string `json:"text"`
	}
	var m struct {
		T   string     `json:"t"`
		Ops []appendOp `json:"ops"`
		appendOp
	}
	if err := json.Unmarshal(msg, &m); err != nil {
		return 0, 0, fmt.Errorf("delta is not JSON: %w", err)
	}
	if m.T == "+" {
		m.Op = "append"
		m.Ops = append(m.Ops, m.appendOp)
	}
	for _, op := range m.Ops {
		if op.Op != "append" {
			continue
		}
		all := op.HTML + " " + op.Open + " " + op.Text
		for f := range strings.FieldsFuncSeq(all, func(r rune) bool { return r < '0' || r > '9' }) {
			ns, err := strconv.ParseInt(f, 10, 64)
			if err != nil || ns <= *last {
				continue // markup, or a piece seen before, rendered again
			}
			*last = ns
			*lats = append(*lats, now.Sub(time.Unix(0, ns)))
			pieces++
			text += len(f) + 1
		}
	}
	return pieces, text, nil
}
