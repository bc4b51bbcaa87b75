// Command uploadbench measures one large upload to st.FileUploader the way
// a browser sends it: the page's websocket for the session, then one HTTP
// POST of the bytes to the session's upload route on loopback, then the id
// over the websocket, and the app reading the whole file back. It reports
// the upload's throughput and the server's resident memory before and at
// its peak (VmHWM), read from a child process (this binary re-executed
// with -serve) so the client's own memory is not counted.
//
//	go run ./cmd/gostbench/uploadbench              # 1 GiB
//	go run ./cmd/gostbench/uploadbench -size 256MiB
//
// Linux only: memory comes from /proc.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// app reads every file its uploader holds to the end, so the benchmark
// also sees the bytes reach the app.
func app(st *st.Ctx) {
	for _, f := range st.FileUploader("Data", st.AcceptMultipleFiles(true)) {
		r, err := f.Open()
		if err != nil {
			st.Exception(err)
			continue
		}
		start := time.Now()
		n, err := io.Copy(io.Discard, r)
		r.Close()
		if err != nil {
			st.Exception(err)
		}
		st.Text(fmt.Sprintf("read %d bytes in %.0f ms", n, time.Since(start).Seconds()*1000))
	}
}

func main() {
	serve := flag.Bool("serve", false, "internal: serve the app and print its address (the child process)")
	size := flag.String("size", "1GiB", "bytes to upload: a number with an optional KiB, MiB or GiB")
	flag.Parse()
	if *serve {
		if err := serveChild(); err != nil {
			fmt.Fprintln(os.Stderr, "uploadbench -serve:", err)
			os.Exit(1)
		}
		return
	}
	n, err := parseSize(*size)
	if err == nil {
		err = run(n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "uploadbench:", err)
		os.Exit(1)
	}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("-size %q: want a positive number with an optional KiB, MiB or GiB", s)
	}
	return n * mult, nil
}

// serveChild serves app on a free port of loopback, with a limit that
// lets any size through, until stdin closes.
func serveChild() error {
	dir, err := os.MkdirTemp("", "uploadbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// The limit comes from config.toml, as an app's does.
	os.MkdirAll(dir+"/.gost", 0o755)
	if err := os.WriteFile(dir+"/.gost/config.toml", []byte("[server]\nmaxUploadSize = 1000000\n"), 0o644); err != nil {
		return err
	}
	os.Setenv("GOST_APP_DIR", dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	fmt.Printf("%d\n", port)
	return runtime.Serve(ctx, app, runtime.Options{Port: port, Headless: true})
}

func run(size int64) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(self, "-serve")
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		return err
	}
	defer func() {
		stdin.Close()
		child.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fmt.Errorf("the server did not start: %w", err)
	}
	addr := "127.0.0.1:" + strings.TrimSpace(line)
	base := "http://" + addr

	var ws *websocket.Conn
	for deadline := time.Now().Add(10 * time.Second); ; {
		ws, _, err = websocket.DefaultDialer.Dial("ws://"+addr+"/_gost/stream", http.Header{"Origin": {base}})
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	defer ws.Close()
	ws.WriteJSON(map[string]any{"t": "hello", "v": 1, "session": "", "widgets": map[string]any{}, "query": ""})
	var session string
	if _, err := until(ws, func(m map[string]any) bool {
		if m["t"] == "session" {
			session, _ = m["id"].(string)
		}
		return m["t"] == "done"
	}); err != nil {
		return err
	}
	rssBefore, _, err := memory(child.Process.Pid)
	if err != nil {
		return err
	}

	start := time.Now()
	req, _ := http.NewRequest("POST", base+"/_gost/upload/"+session+"/"+url.PathEscape("file_uploader:Data")+"?name=big.csv", io.LimitReader(&rows{}, size))
	req.ContentLength = size
	req.Header.Set("Origin", base)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if resp.StatusCode != 200 {
		return fmt.Errorf("upload: %d %s", resp.StatusCode, body)
	}
	var up struct {
		ID   string
		Size int64
	}
	json.Unmarshal(body, &up)
	_, peakUpload, err := memory(child.Process.Pid)
	if err != nil {
		return err
	}

	ws.WriteJSON(map[string]any{"t": "rerun", "widgets": map[string]any{"file_uploader:Data": []string{up.ID}}})
	readBack, err := until(ws, func(m map[string]any) bool { return m["t"] == "done" })
	if err != nil {
		return err
	}
	_, peakRead, err := memory(child.Process.Pid)
	if err != nil {
		return err
	}
	mib := func(n int64) float64 { return float64(n) / (1 << 20) }
	fmt.Printf("upload of %.0f MiB over loopback: %.2f s, %.0f MiB/s\n", mib(size), took.Seconds(), mib(size)/took.Seconds())
	fmt.Printf("server RSS: %.1f MiB before, peak %.1f MiB during the upload (growth %.1f MiB; target ≤ 64), peak %.1f MiB after the app read it\n",
		mib(rssBefore), mib(peakUpload), mib(peakUpload-rssBefore), mib(peakRead))
	if i := strings.Index(readBack, "read "); i >= 0 {
		fmt.Printf("the app: %s\n", strings.SplitN(readBack[i:], `"`, 2)[0])
	} else {
		return errors.New("the app did not read the file: " + readBack)
	}
	return nil
}

// until reads messages until done says so, and returns the last one.
func until(ws *websocket.Conn, done func(map[string]any) bool) (string, error) {
	ws.SetReadDeadline(time.Now().Add(5 * time.Minute))
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return "", err
		}
		var m map[string]any
		json.Unmarshal(data, &m)
		if done(m) {
			return string(data), nil
		}
	}
}

// memory returns a process's resident memory now and at its peak, in
// bytes (VmRSS and VmHWM in /proc/PID/status).
func memory(pid int) (rss, peak int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb << 10
		case "VmHWM:":
			peak = kb << 10
		}
	}
	return rss, peak, nil
}

// rows is an endless CSV of small rows, made as it is read: the client
// holds no gigabyte either.
type rows struct{ off int }

const row = "2026-11-30,North,pen,3,1.25\n"

// pattern is rows, many: a read copies from it where the last one ended.
var pattern = strings.Repeat(row, 4096)

func (r *rows) Read(p []byte) (int, error) {
	n := copy(p, pattern[r.off:])
	r.off = (r.off + n) % len(row)
	return n, nil
}
