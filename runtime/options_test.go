package runtime

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseArgsOptions(t *testing.T) {
	for _, test := range []struct {
		args           []string
		want           Options
		wantPositional []string
	}{
		{nil, Options{}, nil},
		{[]string{"app.go"}, Options{}, []string{"app.go"}},
		{[]string{"--server.port", "8502", "app.go"}, Options{Port: 8502}, []string{"app.go"}},
		{[]string{"app.go", "--server.port=8502"}, Options{Port: 8502}, []string{"app.go"}},
		{[]string{"-server.port=8502"}, Options{Port: 8502}, nil},
		{[]string{"--server.address", "0.0.0.0", "--server.port=0"}, Options{Address: "0.0.0.0"}, nil},
		{[]string{"--server.headless", "app.go"}, Options{Headless: true}, []string{"app.go"}},
		{[]string{"--server.headless=true"}, Options{Headless: true}, nil},
		{[]string{"--server.headless=false"}, Options{}, nil},
		{[]string{"--server.headless=1", "--server.runOnSave", "--dev-auth"}, Options{Headless: true, RunOnSave: true, DevAuth: true}, nil},
		{[]string{"--server.baseUrlPath", "/tools/", "a", "b"}, Options{BaseURLPath: "/tools/"}, []string{"a", "b"}},
		{[]string{"--server.baseUrlPath="}, Options{}, nil},
		{[]string{"app.go", "--", "--server.port=1"}, Options{}, []string{"app.go", "--server.port=1"}},
		{[]string{"-"}, Options{}, []string{"-"}},
		{[]string{"--server.shutdownGrace=30s", "--server.metricsAddress", "127.0.0.1:9090"}, Options{ShutdownGrace: 30 * time.Second, MetricsAddress: "127.0.0.1:9090"}, nil},
		{[]string{"--server.sslCertFile=c.pem", "--server.sslKeyFile", "k.pem"}, Options{SSLCertFile: "c.pem", SSLKeyFile: "k.pem"}, nil},
	} {
		got, positional, err := ParseArgs(test.args)
		if err != nil {
			t.Errorf("ParseArgs(%q): %v", test.args, err)
			continue
		}
		if got != test.want || !reflect.DeepEqual(positional, test.wantPositional) {
			t.Errorf("ParseArgs(%q):\ngot  %+v %q\nwant %+v %q", test.args, got, positional, test.want, test.wantPositional)
		}
	}
}

func TestParseArgsOptionsErrors(t *testing.T) {
	for _, test := range []struct {
		args []string
		want []string // substrings of the error
	}{
		{[]string{"--server.prot=8502"}, []string{"unknown flag", "--server.prot"}},
		{[]string{"--verbose"}, []string{"unknown flag --verbose"}},
		{[]string{"--server.port"}, []string{"--server.port", "needs a value"}},
		{[]string{"--server.port", "http"}, []string{"--server.port", `"http"`}},
		{[]string{"--server.port=70000"}, []string{"--server.port", `"70000"`}},
		{[]string{"--server.port=-1"}, []string{"--server.port", `"-1"`}},
		{[]string{"--server.headless=yes"}, []string{"--server.headless", `"yes"`}},
		{[]string{"--dev-auth=maybe"}, []string{"--dev-auth", `"maybe"`}},
		{[]string{"--server.shutdownGrace=10"}, []string{"--server.shutdownGrace", `"10"`, "duration"}},
		{[]string{"--server.shutdownGrace=-1s"}, []string{"--server.shutdownGrace", `"-1s"`}},
	} {
		_, _, err := ParseArgs(test.args)
		if err == nil {
			t.Errorf("ParseArgs(%q): no error", test.args)
			continue
		}
		for _, w := range test.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseArgs(%q) = %q, want it to mention %s", test.args, err, w)
			}
		}
	}
}

func TestOptionsArgs(t *testing.T) {
	for _, test := range []struct {
		o    Options
		want []string
	}{
		{Options{}, nil},
		{Options{Port: 8502, Headless: true}, []string{"--server.port=8502", "--server.headless=true"}},
		{
			Options{Address: "0.0.0.0", Port: 1, Headless: true, BaseURLPath: "x", RunOnSave: true, DevAuth: true},
			[]string{"--server.address=0.0.0.0", "--server.port=1", "--server.headless=true", "--server.baseUrlPath=x", "--server.runOnSave=true", "--dev-auth=true"},
		},
		{
			Options{ShutdownGrace: 1500 * time.Millisecond, SSLCertFile: "c.pem", SSLKeyFile: "k.pem", MetricsAddress: ":9090"},
			[]string{"--server.shutdownGrace=1.5s", "--server.sslCertFile=c.pem", "--server.sslKeyFile=k.pem", "--server.metricsAddress=:9090"},
		},
	} {
		got := test.o.Args()
		if !reflect.DeepEqual(got, test.want) {
			t.Errorf("%+v.Args():\ngot  %q\nwant %q", test.o, got, test.want)
		}
		back, positional, err := ParseArgs(got)
		if err != nil || back != test.o || len(positional) != 0 {
			t.Errorf("ParseArgs(%q) = %+v, %q, %v; want %+v back", got, back, positional, err, test.o)
		}
	}
}

func TestOptionsURL(t *testing.T) {
	for _, test := range []struct {
		o    Options
		want string
	}{
		{Options{}, "http://localhost:8501/"},
		{Options{Port: 8502}, "http://localhost:8502/"},
		{Options{Address: "0.0.0.0"}, "http://localhost:8501/"},
		{Options{Address: "192.168.1.5", Port: 80}, "http://192.168.1.5:80/"},
		{Options{Address: "::1"}, "http://[::1]:8501/"},
		{Options{BaseURLPath: "tools"}, "http://localhost:8501/tools/"},
		{Options{BaseURLPath: "/a/b/"}, "http://localhost:8501/a/b/"},
		{Options{SSLCertFile: "c.pem", SSLKeyFile: "k.pem", Port: 443}, "https://localhost:443/"},
	} {
		if got := test.o.URL(); got != test.want {
			t.Errorf("%+v.URL() = %q, want %q", test.o, got, test.want)
		}
	}
}

func TestFlagNamesOptions(t *testing.T) {
	got := strings.Join(FlagNames(), " ")
	want := "--server.address --server.port --server.headless --server.baseUrlPath --server.runOnSave --dev-auth --server.shutdownGrace --server.sslCertFile --server.sslKeyFile --server.metricsAddress --server.store --server.storeOptional"
	if got != want {
		t.Errorf("FlagNames() = %q, want %q", got, want)
	}
}
