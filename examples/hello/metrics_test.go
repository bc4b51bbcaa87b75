package main

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/runtime"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestMetricsParseWithPrometheus serves this app as its binary would
// (runtime.Serve with --server.metricsAddress), types a name over a real
// websocket, and reads /metrics with Prometheus' own text parser, which
// gost's module does not import (runtime/metrics.go writes the format by
// hand): every family must parse, with the type and values its name says.
func TestMetricsParseWithPrometheus(t *testing.T) {
	t.Parallel()
	port, mport := freePort(t), freePort(t)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- runtime.Serve(ctx, App, runtime.Options{Port: port, Headless: true, MetricsAddress: "127.0.0.1:" + strconv.Itoa(mport), ShutdownGrace: time.Second})
	}()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	var ws *websocket.Conn
	for deadline := time.Now().Add(10 * time.Second); ; {
		var err error
		ws, _, err = websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/_gost/stream", http.Header{"Origin": {base}})
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	defer ws.Close()
	until := func(typ string) {
		for {
			ws.SetReadDeadline(time.Now().Add(10 * time.Second))
			var m struct{ T string }
			if err := ws.ReadJSON(&m); err != nil {
				t.Fatal(err)
			}
			if m.T == typ {
				return
			}
		}
	}
	ws.WriteJSON(map[string]any{"t": "hello", "v": 1, "session": "", "query": ""})
	until("done")
	ws.WriteJSON(map[string]any{"t": "rerun", "widgets": map[string]any{"text_input:Your name": "Ada"}})
	until("done")

	resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(mport) + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if f := expfmt.ResponseFormat(resp.Header); f.FormatType() != expfmt.TypeTextPlain {
		t.Errorf("Content-Type %q is not the text format to Prometheus (%v)", resp.Header.Get("Content-Type"), f)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("Prometheus' parser: %v", err)
	}
	want := map[string]dto.MetricType{
		"gost_sessions":                       dto.MetricType_GAUGE,
		"gost_websockets":                     dto.MetricType_GAUGE,
		"gost_jobs_running":                   dto.MetricType_GAUGE,
		"gost_ready":                          dto.MetricType_GAUGE,
		"gost_runs_total":                     dto.MetricType_COUNTER,
		"gost_run_duration_seconds":           dto.MetricType_HISTOGRAM,
		"gost_websocket_sent_bytes_total":     dto.MetricType_COUNTER,
		"gost_websocket_received_bytes_total": dto.MetricType_COUNTER,
		"gost_reconnects_total":               dto.MetricType_COUNTER,
		"gost_logins_total":                   dto.MetricType_COUNTER,
		"gost_store_errors_total":             dto.MetricType_COUNTER,
	}
	for name, typ := range want {
		f := families[name]
		if f == nil || f.GetType() != typ || f.GetHelp() == "" {
			t.Errorf("%s: %v, want a %v with help", name, f, typ)
		}
	}
	if len(families) != len(want) {
		t.Errorf("%d families, want %d", len(families), len(want))
	}
	h := families["gost_run_duration_seconds"].GetMetric()[0].GetHistogram()
	if h.GetSampleCount() != 2 || len(h.GetBucket()) == 0 || h.GetSampleSum() <= 0 {
		t.Errorf("run duration: %d runs, %d buckets, sum %v; want 2 runs", h.GetSampleCount(), len(h.GetBucket()), h.GetSampleSum())
	}
	for _, m := range families["gost_runs_total"].GetMetric() {
		if m.GetLabel()[0].GetValue() == "ok" && m.GetCounter().GetValue() != 2 {
			t.Errorf("gost_runs_total{outcome=ok} = %v, want 2", m.GetCounter().GetValue())
		}
	}
	if v := families["gost_websocket_received_bytes_total"].GetMetric()[0].GetCounter().GetValue(); v == 0 {
		t.Error("no bytes received counted")
	}
}
