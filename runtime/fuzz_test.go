package runtime

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

// fuzzApp draws every kind of widget, with bounds, so a hostile message
// has something of each type to aim at.
func fuzzApp(st *st.Ctx) {
	st.TextInput("Name", st.MaxChars(10))
	st.TextArea("Notes")
	st.NumberInput("Quantity", st.Min(1), st.Max(99))
	st.Slider("Level", 0, 10)
	st.Selectbox("Size", []string{"S", "M", "L"})
	st.Radio("Colour", []string{"red", "blue"})
	st.Multiselect("Tags", []string{"a", "b"})
	st.Checkbox("Agree")
	st.Toggle("Fast")
	st.DateInput("Day")
	if st.Button("Go") {
		st.Text("went")
	}
	f := st.Form("f")
	f.TextInput("In form")
	f.FormSubmitButton("Send")
	if st.SessionState().Bool("password_correct") {
		st.Text("secret page")
	}
}

// doneClient keeps the last done message and signals each one.
type doneClient struct{ done chan []byte }

func (c *doneClient) Send(msg []byte) {
	if bytes.HasPrefix(msg, []byte(`{"t":"done"`)) {
		select {
		case c.done <- msg:
		default:
			<-c.done // drop the older one: only the latest matters
			c.done <- msg
		}
	}
}

// waitRun waits for the done of run n or a later one.
func (c *doneClient) waitRun(t testing.TB, n int64) []byte {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case m := <-c.done:
			var got struct{ N int64 }
			json.Unmarshal(m, &got)
			if got.N >= n {
				return m
			}
		case <-deadline:
			t.Fatalf("no done for run %d within 10 s: the session stopped serving", n)
		}
	}
}

// FuzzBackMsg feeds messages from a hostile browser through the server's
// path (decoder, limits) into a live session of an app with every widget,
// and checks that the session keeps serving and that no browser message
// makes the app's run fail. Plain go test runs the seeds;
//
//	go test -run '^$' -fuzz FuzzBackMsg -fuzztime 60s ./runtime/
//
// searches further.
func FuzzBackMsg(f *testing.F) {
	for _, seed := range []string{
		`{"t":"hello","v":1,"session":"","widgets":{},"query":"a=1"}`,
		`{"t":"rerun","widgets":{"text_input:Name":"Ada"},"trigger":""}`,
		`{"t":"rerun","widgets":{"text_input:Name":"far more than ten characters"}}`,
		`{"t":"rerun","widgets":{"number_input:Quantity":1e308,"slider:Level":-5}}`,
		`{"t":"rerun","widgets":{"selectbox:Size":7,"radio:Colour":-1,"multiselect:Tags":[0,1,99]}}`,
		`{"t":"rerun","widgets":{"checkbox:Agree":"yes","toggle:Fast":{"x":[]}}}`,
		`{"t":"rerun","widgets":{"date_input:Day":"not a date"}}`,
		`{"t":"rerun","widgets":{"date_input:Day":"2024-02-30"}}`,
		`{"t":"rerun","trigger":"button:Go"}`,
		`{"t":"rerun","trigger":"form_submit_button:f/Send","widgets":{"text_input:In form":"x"}}`,
		`{"t":"rerun","widgets":{"=password_correct":true}}`,
		`{"t":"rerun","widgets":{"unknown:id":null},"trigger":"button:Nope"}`,
		`{"t":"switch"}`,
		`{"t":"rerun","widgets":[]}`,
		`{"t":"rerun","widgets":{"text_input:Name":[[[[[[[[[[[]]]]]]]]]]]}}`,
		`not json`,
	} {
		f.Add([]byte(seed))
	}
	c := &doneClient{done: make(chan []byte, 1)}
	s := NewSession(fuzzApp, c)
	c.waitRun(f, s.Start(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := ParseBackMsg(data)
		if err == nil {
			err = checkMessage(msg)
		}
		if err == nil {
			err = s.admit(msg.Widgets)
		}
		if err != nil || msg.T != "rerun" {
			return
		}
		n := s.Rerun(msg.Widgets, msg.Trigger)
		done := c.waitRun(t, n)
		if bytes.Contains(done, []byte(`"s":"error"`)) {
			t.Errorf("a message from the browser made the run fail:\n%s\n-> %s", data, done)
		}
		if bytes.Contains(done, []byte("secret page")) {
			t.Errorf("a message from the browser wrote the session state and opened the gate:\n%s", data)
		}
		// And the session still answers a plain rerun.
		c.waitRun(t, s.Rerun(nil, ""))
	})
}

// FuzzConfig feeds config.toml files to readConfig: every input gives a
// Config and errors, never a panic, and what it accepts is usable.
//
//	go test -run '^$' -fuzz FuzzConfig -fuzztime 60s ./runtime/
func FuzzConfig(f *testing.F) {
	for _, seed := range []string{
		"[server]\nallowedHosts = [\"app.example.com\", \".corp\"]\nframeAncestors = [\"https://a.example\"]\ntrustedProxies = [\"10.0.0.0/8\", \"::1\"]\n[runner]\nmaxRunSeconds = 2.5\n",
		"[server]\nallowedHosts = \"not a list\"\n",
		"[server]\ntrustedProxies = [\"10.0.0.0/99\", 7]\n",
		"[runner]\nmaxRunSeconds = -1e309\n",
		"[runner]\nmaxRunSeconds = nan\n",
		"[server\n",
		"[server]\nframeAncestors = [\"https://x; script-src *\"]\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, file string) {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, ".gost"), 0o755)
		if err := os.WriteFile(filepath.Join(dir, ".gost", "config.toml"), []byte(file), 0o644); err != nil {
			t.Fatal(err)
		}
		c, _ := readConfig(dir, "")
		if c.MaxRun < -1 {
			t.Errorf("MaxRun %v from %q", c.MaxRun, file)
		}
		for _, fa := range c.FrameAncestors {
			if bytes.ContainsAny([]byte(fa), ";, '\"\r\n") {
				t.Errorf("frameAncestors %q would break out of the CSP header", fa)
			}
		}
	})
}
