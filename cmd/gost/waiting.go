package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gost-dev/gost/runtime"
)

// An app that does not build at first, or dies before it serves, does not
// end gost run: as Streamlit shows a script's error until it is fixed,
// gost serves a page with the error on the app's port and tries again on
// every save. The page polls the health check and loads the app once it
// answers.

// firstVersion builds and starts the first version of the app and returns
// it once it serves. Until then every failure is shown on the console and
// on the waiting page, and each save tries again. Without a watcher (w
// nil) it gives up at the first failure. When ctx is cancelled it returns
// ctx's error, or the last failure if there was one.
func (a *app) firstVersion(ctx context.Context, w *watcher) (*child, error) {
	base, _ := url.Parse(a.opts.URL())
	page := &waitingPage{app: displayPath(a.pkg.dir), health: base.Path + "healthz",
		host: runtime.HostCheck(a.opts, a.pkg.dir), log: a.stderr}
	defer page.stop()
	var failed error
	announced, told := false, false
	for {
		bin, dir, _, err := a.rebuild(ctx) // checks func App again, for a clearer message than the compiler's
		if err == nil {
			page.stop() // the app takes the port over
			if !announced {
				announced = true
				fmt.Fprintf(a.stdout, "\n  You can now view your gost app in your browser.\n\n  Local URL: %s\n\n", strings.TrimSuffix(a.opts.URL(), "/"))
			}
			var c *child
			if c, err = a.startServing(ctx, bin, dir); err == nil {
				return c, nil
			}
		} else {
			os.RemoveAll(dir)
		}
		if ctx.Err() != nil {
			if failed != nil {
				return nil, failed
			}
			return nil, ctx.Err()
		}
		failed = err
		var early *exitedEarly
		if errors.As(err, &early) {
			fmt.Fprintf(a.stderr, "gost: %s\n", early.summary()) // its output is on the console already
		} else {
			fmt.Fprintf(a.stderr, "gost: %v\n", err)
		}
		if w == nil {
			return nil, err
		}
		page.setError(err.Error())
		if !page.serving() {
			if err := page.start(a.listener); err != nil {
				return nil, err
			}
			if !told {
				told = true
				fmt.Fprintf(a.stdout, "\n  gost shows the error at %s and tries again when you save.\n\n", strings.TrimSuffix(a.opts.URL(), "/"))
			}
			a.openBrowser()
		}
		if a.nextSave(ctx, w) != nil {
			return nil, failed
		}
	}
}

// startServing starts bin, built in dir, and returns it once it serves,
// or at once when ctx is cancelled (supervise then stops it).
func (a *app) startServing(ctx context.Context, bin, dir string) (*child, error) {
	c, err := a.start(bin, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if c.ctl == nil {
		return c, nil // no control channel, so no word when it serves: assume it does
	}
	for {
		select {
		case <-ctx.Done():
			return c, nil // supervise stops it, and gost exits with its code
		case ev := <-a.events:
			switch ev := ev.(type) {
			case childReady:
				if ev.c == c {
					c.out.stop()
					return c, nil
				}
			case childExited:
				if ev.c == c {
					os.RemoveAll(dir)
					return nil, a.exitedEarly(c)
				}
			}
		}
	}
}

// exitedEarly is a version of the app that exited before it served, as on
// a panic while starting.
type exitedEarly struct {
	what   string // which version: "the new version of DIR" or "DIR"
	code   int
	output string // the end of what it printed
}

func (a *app) exitedEarly(c *child) *exitedEarly {
	return &exitedEarly{displayPath(a.pkg.dir), c.proc.exitCode(), relativizeOutput(c.out.String(), a.pkg.dir)}
}

func (e *exitedEarly) summary() string {
	return fmt.Sprintf("%s exited before it served (exit code %d)", e.what, e.code)
}

func (e *exitedEarly) Error() string { return e.summary() + ":\n" + e.output }

// nextSave waits for a change to the app's source, passing on what else
// the watcher reports.
func (a *app) nextSave(ctx context.Context, w *watcher) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.changed():
			ch := w.take()
			if ch.gomod {
				go a.refreshWatch(ctx, w)
			}
			if ch.source {
				return nil
			}
		}
	}
}

// waitingPage serves the error page on the app's port while no version of
// the app does. It answers only for the hosts the app would (runtime's
// Host check): the error shows the compiler's messages and the app's
// output, which a page of another site must not read by rebinding its
// name to this address.
type waitingPage struct {
	app    string // the app's directory, for the title
	health string // the path of the app's health check
	host   func(hostport string) (name string, ok bool)
	log    io.Writer // where a refused host is told, once each

	mu      sync.Mutex
	err     string
	srv     *http.Server
	done    chan struct{}
	refused map[string]bool // the hosts told already
}

// maxRefusedHosts bounds the memory of refused hosts told already, so a
// flood of made-up names cannot grow it.
const maxRefusedHosts = 256

// allowed reports whether the page answers for r's Host, and its name,
// telling the log the first time a host is refused.
func (p *waitingPage) allowed(r *http.Request) (string, bool) {
	if p.host == nil {
		return "", true
	}
	name, ok := p.host(r.Host)
	if ok {
		return name, true
	}
	p.mu.Lock()
	first := !p.refused[name]
	if first {
		if p.refused == nil || len(p.refused) >= maxRefusedHosts {
			p.refused = map[string]bool{}
		}
		p.refused[name] = true
	}
	p.mu.Unlock()
	if first {
		fmt.Fprintf(p.log, "gost: the error page refused a request for the host %q, which the app does not answer for (DNS rebinding?); "+
			"if the app is reached by that name, add allowedHosts = [%q] under [server] in .gost/config.toml\n", name, name)
	}
	return name, false
}

func (p *waitingPage) setError(text string) {
	p.mu.Lock()
	p.err = text
	p.mu.Unlock()
}

func (p *waitingPage) serving() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.srv != nil
}

// start serves the page on a duplicate of the app's socket f.
func (p *waitingPage) start(f *os.File) error {
	ln, err := net.FileListener(f) // a duplicate: closing it leaves f open
	if err != nil {
		return fmt.Errorf("serve the error page: %w", err)
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln)
	}()
	p.mu.Lock()
	p.srv, p.done = srv, done
	p.mu.Unlock()
	return nil
}

// stop stops serving the page and waits until it has; the socket stays
// open for the next version of the app.
func (p *waitingPage) stop() {
	p.mu.Lock()
	srv, done := p.srv, p.done
	p.srv = nil
	p.mu.Unlock()
	if srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	<-done
}

func (p *waitingPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	text := p.err
	p.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	// The health check too: here it tells the error.
	if name, ok := p.allowed(r); !ok {
		http.Error(w, "gost: this app does not answer for the host "+name+"; its config.toml can allow it ([server] allowedHosts)", http.StatusMisdirectedRequest)
		return
	}
	if strings.HasSuffix(r.URL.Path, "/healthz") || strings.HasSuffix(r.URL.Path, "/_stcore/health") {
		// Not healthy: what the page polls for, and what a probe should see.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, text)
		return
	}
	health, _ := json.Marshal(p.health) // a JavaScript string, with < and > escaped
	nonce := make([]byte, 16)
	rand.Read(nonce)
	n := base64.StdEncoding.EncodeToString(nonce)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'nonce-"+n+"'; script-src 'nonce-"+n+"'; connect-src 'self'")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintf(w, waitingHTML, html.EscapeString(p.app), n, html.EscapeString(text), n, health)
}

// waitingHTML is the page: the app's name, a nonce for the style, the
// error, a nonce for the script, the health check's path.
const waitingHTML = `<!doctype html>
<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s does not build · gost</title>
<style nonce="%s">
:root { color-scheme: light dark; font: 15px/1.5 system-ui, sans-serif; }
body { max-width: 60rem; margin: 3rem auto; padding: 0 1rem; }
pre { padding: 1rem; border-left: 4px solid #d33; background: rgba(221, 51, 51, .08); white-space: pre-wrap; overflow-wrap: anywhere; }
</style>
<h1>The app does not run yet</h1>
<p>gost shows the error here and tries again each time you save. This page loads the app once it runs.</p>
<pre id="error" role="alert">%s</pre>
<script nonce="%s">
const health = %s;
setInterval(async () => {
  try {
    const r = await fetch(health, { cache: 'no-store' });
    if (r.ok) return location.reload();
    const text = await r.text();
    const pre = document.getElementById('error');
    if (pre.textContent !== text) pre.textContent = text;
  } catch (e) { /* gost is between versions, or stopped */ }
}, 500);
</script>
</html>
`
