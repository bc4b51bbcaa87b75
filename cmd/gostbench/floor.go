package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// The floor is what no gost server can beat on this machine: a websocket
// round trip between two processes, with a server that does nothing but
// echo. The harness measures it in the same run as the scenarios and gives
// each click latency as a multiple of it, so a figure says how far the
// server is from the physics of the machine at that moment, not only how
// fast the machine happened to be.

// echoPath is where the floor's child process serves its echo.
const echoPath = "/echo"

// floorFrame is a frame shaped like a rerun's done (so the client reads
// it with the same parser as the scenarios) and of size bytes: the
// representative app's click brings a done of about that size, with the
// two props ops it changes.
func floorFrame(size int) []byte {
	head := `{"t":"done","n":1,"s":"ok","ops":[{"op":"props","id":"x","p":{"text":"`
	tail := `"}}]}`
	pad := max(0, size-len(head)-len(tail))
	return []byte(head + strings.Repeat("a", pad) + tail)
}

// runFloor measures websocket round trips to an echo server in a child
// process: the same dialer, write and read as a click, against a server
// that only echoes.
func runFloor(cfg config, rep int) (res result, err error) {
	res.Scenario = "floor"
	res.Server = "child"
	addr, _, stop, err := startEcho()
	if err != nil {
		return res, err
	}
	defer stop()
	ws, _, err := dialer.DialContext(context.Background(), "ws://"+addr+echoPath, http.Header{"Origin": {"http://" + addr}})
	if err != nil {
		return res, fmt.Errorf("dial echo %s: %w", addr, err)
	}
	c := &client{ws: ws}
	defer c.close()
	frame := floorFrame(cfg.floorBytes)
	const warmup = 200
	lat := make([]time.Duration, 0, cfg.clicks)
	for i := range warmup + cfg.clicks {
		start := time.Now()
		if err := c.write(frame); err != nil {
			return res, fmt.Errorf("echo %d: %w", i, err)
		}
		m, err := c.read()
		if err != nil {
			return res, fmt.Errorf("echo %d: %w", i, err)
		}
		d := time.Since(start)
		if m.t != "done" || m.size != len(frame) {
			return res, fmt.Errorf("echo %d: got %q of %d B, want the %d B sent", i, m.t, m.size, len(frame))
		}
		if i >= warmup {
			lat = append(lat, d)
		}
	}
	res.add("round trip p50", "ms", ms(percentile(lat, 50)))
	res.add("round trip p99", "ms", ms(percentile(lat, 99)))
	res.note("%d round trips of a %d B text frame after %d warm-up, to a gorilla/websocket echo in a child process; load average %s",
		len(lat), len(frame), warmup, loadavg())
	return res, nil
}

// startEcho re-executes this binary with -serve-echo and returns the
// address it serves on, its process id and a function that stops it.
func startEcho() (addr string, pid int, stop func(), err error) {
	exe, err := os.Executable()
	if err != nil {
		return "", 0, nil, fmt.Errorf("find own binary: %w", err)
	}
	cmd := exec.Command(exe, "-serve-echo")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", 0, nil, fmt.Errorf("echo stdin: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", 0, nil, fmt.Errorf("echo stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return "", 0, nil, fmt.Errorf("start echo server: %w", err)
	}
	stop = func() {
		stdin.Close()
		cmd.Wait()
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if addr = strings.TrimSpace(line); addr == "" {
		cmd.Process.Kill()
		stop()
		return "", 0, nil, errors.New("echo server did not report its address")
	}
	return addr, cmd.Process.Pid, stop, nil
}

// echoLoad is what the echo server spent per message in activeFloor.
type echoLoad struct {
	cpu      float64 // CPU time, µs
	switches float64 // context switches of its threads
}

// activeFloor has n connections to an echo server in a child process
// click as the active scenario's sessions do, sending a frame the size of
// a click's done, and returns what the echo server spent per message:
// the reads, writes and wake-ups of any server at that load, with no work
// in between.
func activeFloor(cfg config, rep, n int) (echoLoad, error) {
	var none echoLoad
	addr, pid, stop, err := startEcho()
	if err != nil {
		return none, err
	}
	defer stop()
	clients := make([]*client, n)
	defer closeAll(clients)
	for i := range clients {
		ws, _, err := dialer.DialContext(context.Background(), "ws://"+addr+echoPath, http.Header{"Origin": {"http://" + addr}})
		if err != nil {
			return none, fmt.Errorf("dial echo %s: %w", addr, err)
		}
		clients[i] = &client{ws: ws}
	}
	frame := floorFrame(cfg.floorBytes)
	u0, err := usageOf(pid)
	if err != nil {
		return none, err
	}
	lats, _, errs := paced(cfg, rep, n, func(i int) (clickResult, error) {
		start := time.Now()
		if err := clients[i].write(frame); err != nil {
			return clickResult{}, err
		}
		if _, err := clients[i].read(); err != nil {
			return clickResult{}, err
		}
		return clickResult{latency: time.Since(start), bytes: len(frame)}, nil
	})
	u1, err := usageOf(pid)
	if err != nil {
		return none, err
	}
	if err := errors.Join(errs...); err != nil {
		return none, fmt.Errorf("echo at %d connections: %w", n, err)
	}
	if len(lats) == 0 {
		return none, errors.New("no echo completed")
	}
	cpu, switches := u1.per(u0, len(lats))
	return echoLoad{cpu: cpu, switches: switches}, nil
}

// serveEcho is the -serve-echo mode: a plain gorilla/websocket echo on a
// loopback port, until stdin closes.
func serveEcho() error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	up := websocket.Upgrader{ReadBufferSize: 4096, WriteBufferSize: 4096}
	mux := http.NewServeMux()
	mux.HandleFunc(echoPath, func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		for {
			mt, b, err := ws.ReadMessage()
			if err != nil {
				return
			}
			if err := ws.WriteMessage(mt, b); err != nil {
				return
			}
		}
	})
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l)
	fmt.Println(l.Addr().String())
	io.Copy(io.Discard, os.Stdin)
	return nil
}
