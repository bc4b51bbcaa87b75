// Package browsertest drives a real browser, Debian's chromium, from Go tests
// through chromedp, so the frontend is tested as users run it: real layout,
// real focus, real key and mouse events, real websockets. A DOM imitation
// would pass tests that a browser fails.
//
// Every [Page] is a tab with its own cookies and storage, on a chromium
// shared by the package's tests (see [Main]) or its own, so tests share
// nothing and may run in parallel. A missing chromium fails the test:
// browser tests that skip themselves on CI would prove nothing.
package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Timeout bounds every wait. It is generous because the test machines are
// small and busy (and -race slows the server down), and bounded so a broken
// page fails in seconds rather than at the go test deadline.
const Timeout = 20 * time.Second

// pollEvery is how often a wait looks at the page again.
const pollEvery = 40 * time.Millisecond

// hook is run in the page before any of the page's own scripts. It records
// every websocket message both ways, so tests can count reruns, and holds
// the helpers that find widgets the way a user does: by their label.
//
//go:embed hook.js
var hook string

// Page is one browser tab. Its methods fail the test they were made for
// (see [Page.In]) when something does not happen within [Timeout].
type Page struct {
	t       testing.TB
	ctx     context.Context
	timeout time.Duration // of each wait

	// Shared by the copies [Page.In] makes, which are the same tab.
	mu      *sync.Mutex
	errs    *[]string // uncaught exceptions and console errors
	console *[]string // everything the page logged, for failure messages
}

// chromiumPath finds the browser: $GOST_CHROMIUM, else chromium or
// chromium-browser on $PATH.
func chromiumPath() (string, error) {
	if p := os.Getenv("GOST_CHROMIUM"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("chromium not found: $GOST_CHROMIUM: %w; install it with apt-get install -y chromium", err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium not found: install it with apt-get install -y chromium")
}

// New opens a tab for t on a fresh headless chromium: the package's shared
// one if the package's TestMain calls [Main], else one of t's own. The tab is
// closed when t ends; t fails if the page threw an uncaught exception or
// called console.error at any point.
func New(t testing.TB) *Page {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	p := &Page{t: t, timeout: Timeout, mu: new(sync.Mutex), errs: new([]string), console: new([]string)}
	var ctx context.Context
	var cancel context.CancelFunc
	if shared.enabled {
		browser, err := sharedBrowser(path)
		if err != nil {
			t.Fatal(err)
		}
		// A browser context of its own gives the tab its own cookies and
		// storage, as if it were the only one.
		ctx, cancel = chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(p.listen))
	} else {
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(path, t.TempDir())...)
		t.Cleanup(cancelAlloc) // runs last: waits for the browser process to exit
		ctx, cancel = chromedp.NewContext(allocCtx, chromedp.WithListener(p.listen))
	}
	p.ctx = ctx
	t.Cleanup(cancel)
	t.Cleanup(func() {
		if c := p.Console(); len(c) > 0 && testing.Verbose() {
			t.Logf("the page logged:\n%s", strings.Join(c, "\n"))
		}
		if errs := p.jsErrors(); len(errs) > 0 && !t.Failed() {
			t.Errorf("the page reported errors:\n%s", strings.Join(errs, "\n"))
		}
	})
	// The first Run starts the browser or opens the tab. It gets the
	// context without a deadline, because that context bounds its life.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hook})
	if err != nil {
		t.Fatalf("installing the page hook: %v", err)
	}
	return p
}

func allocatorOptions(path, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI containers run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// A test tab must keep its timers and animation frames running
		// although no window is ever in front.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.WindowSize(1280, 1000),
	}
}

// shared is the one browser of a package whose TestMain calls Main.
// Starting chromium takes seconds on a small machine; a tab takes a tenth
// of that, which keeps a suite of many short browser tests fast.
var shared struct {
	enabled bool
	once    sync.Once
	ctx     context.Context
	err     error
	stop    func()
}

// Main runs the package's tests with one chromium for all of them, each
// test in a tab and browser context of its own, and closes it at the end.
// Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
//
// Without it, every [New] starts a chromium of its own.
func Main(m *testing.M) int {
	shared.enabled = true
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	return code
}

func sharedBrowser(path string) (context.Context, error) {
	shared.once.Do(func() {
		profile, err := os.MkdirTemp("", "browsertest-")
		if err != nil {
			shared.err = err
			return
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(path, profile)...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		shared.ctx = ctx
		shared.stop = func() {
			cancel()
			cancelAlloc() // waits for the process to exit, so the profile can go
			os.RemoveAll(profile)
		}
		if err := chromedp.Do(ctx); err != nil {
			shared.err = fmt.Errorf("starting %s: %w", path, err)
		}
	})
	return shared.ctx, shared.err
}

// In returns the same tab, failing t instead: for subtests that share one
// page.
func (p *Page) In(t testing.TB) *Page {
	q := *p
	q.t = t
	return &q
}

// SetTimeout sets how long each wait of the page may take (default
// [Timeout]).
func (p *Page) SetTimeout(d time.Duration) { p.timeout = d }

// listen runs on chromedp's event loop: it must only record.
func (p *Page) listen(ev any) {
	switch ev := ev.(type) {
	case *cdpruntime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		p.record(true, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *cdpruntime.EventConsoleAPICalled:
		var args []string
		for _, a := range ev.Args {
			switch {
			case len(a.Value) > 0:
				var s string
				if json.Unmarshal(a.Value, &s) == nil {
					args = append(args, s)
				} else {
					args = append(args, string(a.Value))
				}
			default:
				args = append(args, a.Description)
			}
		}
		line := fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		p.record(ev.Type == cdpruntime.ConsoleAPICalledTypeError || ev.Type == cdpruntime.ConsoleAPICalledTypeAssert, line)
	}
}

func (p *Page) record(isErr bool, line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	*p.console = append(*p.console, line)
	if isErr {
		*p.errs = append(*p.errs, line)
	}
}

func (p *Page) jsErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), *p.errs...)
}

// Console returns what the page logged so far, errors included.
func (p *Page) Console() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), *p.console...)
}

// fatalf fails the test with what the page shows and logged, which is what
// one needs to see to understand a browser test failure.
func (p *Page) fatalf(format string, args ...any) {
	p.t.Helper()
	msg := fmt.Sprintf(format, args...)
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		msg += "\n--- page text ---\n" + text
	}
	if c := p.Console(); len(c) > 0 {
		msg += "\n--- console ---\n" + strings.Join(c, "\n")
	}
	p.t.Fatal(msg)
}

// checkErrors fails the test at once when the page threw, so a broken
// frontend is reported as the exception rather than as a timeout.
func (p *Page) checkErrors() {
	p.t.Helper()
	if errs := p.jsErrors(); len(errs) > 0 {
		p.fatalf("the page reported errors:\n%s", strings.Join(errs, "\n"))
	}
}

// Do runs chromedp actions on the tab, each within [Timeout].
func (p *Page) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fatalf("%s: %v", what, err)
	}
	p.checkErrors()
}

// Open loads url and waits for the app's first run to be on the page.
func (p *Page) Open(url string) {
	p.t.Helper()
	p.OpenPage(url)
	p.WaitIdle()
}

// OpenPage loads url, which need not be a gost app's page (gost run's
// error page, say), without waiting for anything else.
func (p *Page) OpenPage(url string) {
	p.t.Helper()
	p.Do("open "+url, chromedp.Navigate(url))
}

// Eval evaluates a JavaScript expression in the page and decodes its value
// into a T.
func Eval[T any](p *Page, js string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// Exec runs JavaScript in the page for its effect.
func (p *Page) Exec(js string) {
	p.t.Helper()
	Eval[chromedp.Void](p, js)
	p.checkErrors()
}

// WaitFor waits until the JavaScript expression js is truthy. what names the
// condition in the failure message.
func (p *Page) WaitFor(what, js string) {
	p.t.Helper()
	deadline := time.Now().Add(p.timeout)
	for {
		p.checkErrors()
		ctx, cancel := context.WithTimeout(p.ctx, Timeout)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(`+js+`)`))
		cancel()
		// An error here is usually a navigation in progress: try again.
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			p.fatalf("waited %v for %s (%s); last error: %v", p.timeout, what, js, err)
		}
		time.Sleep(pollEvery)
	}
}

// Q quotes s as a JavaScript string literal.
func Q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// WaitIdle waits until the server has finished the run for everything the
// page has sent: the page has received a "done" after its last message.
func (p *Page) WaitIdle() {
	p.t.Helper()
	p.WaitFor("the server to finish the last run", `__bt.idle()`)
}

// WaitText waits until text is visible on the page (anywhere, sidebar
// included). Text in a folded expander or a hidden tab is not visible.
func (p *Page) WaitText(text string) {
	p.t.Helper()
	p.WaitFor(fmt.Sprintf("%q to show", text), `document.body.innerText.includes(`+Q(text)+`)`)
}

// WaitTextIn waits until text is visible inside the first element matching
// the CSS selector css.
func (p *Page) WaitTextIn(css, text string) {
	p.t.Helper()
	p.WaitFor(fmt.Sprintf("%q to show in %s", text, css),
		`document.querySelector(`+Q(css)+`)?.innerText.includes(`+Q(text)+`)`)
}

// WaitNoText waits until text is not visible anywhere on the page.
func (p *Page) WaitNoText(text string) {
	p.t.Helper()
	p.WaitFor(fmt.Sprintf("%q to go away", text), `!document.body.innerText.includes(`+Q(text)+`)`)
}

// HasText reports whether text is visible on the page now.
func (p *Page) HasText(text string) bool {
	p.t.Helper()
	return Eval[bool](p, `document.body.innerText.includes(`+Q(text)+`)`)
}

// Text returns the visible text of the first element matching css, or ""
// when there is none.
func (p *Page) Text(css string) string {
	p.t.Helper()
	return Eval[string](p, `document.querySelector(`+Q(css)+`)?.innerText ?? ""`)
}

// Control is the JavaScript expression for the form control labelled label
// (a text input, text area, number input, slider, select, checkbox, toggle
// or radio option), for use in [Page.Exec] and [Eval].
func Control(label string) string { return `__bt.control(` + Q(label) + `)` }

// Button is the JavaScript expression for the visible button, tab or
// expander summary whose text is text.
func Button(text string) string { return `__bt.button(` + Q(text) + `)` }

// Click clicks the visible button, tab or expander summary whose text is
// text, with the mouse: scrolled into view, pressed and released at its
// centre, as a user would.
func (p *Page) Click(text string) {
	p.t.Helper()
	p.Do("click "+Q(text), chromedp.Click(chromedp.JSPath(Button(text))))
}

// Check clicks the checkbox, toggle or radio option labelled label, on its
// label, the way a user does.
func (p *Page) Check(label string) {
	p.t.Helper()
	p.Do("click the label "+Q(label), chromedp.Click(chromedp.JSPath(`__bt.label(`+Q(label)+`)`)))
}

// Choose clicks the option of the radio group labelled group.
func (p *Page) Choose(group, option string) {
	p.t.Helper()
	p.Do(fmt.Sprintf("choose %q in %q", option, group),
		chromedp.Click(chromedp.JSPath(`__bt.option(`+Q(group)+`, `+Q(option)+`)`)))
}

// Type focuses the control labelled label and types keys into it, after
// what it holds. "\n" is the Enter key.
func (p *Page) Type(label, keys string) {
	p.t.Helper()
	p.Do(fmt.Sprintf("type %q into %q", keys, label), chromedp.SendKeys(chromedp.JSPath(Control(label)), keys))
}

// Fill empties the control labelled label and types keys into it.
func (p *Page) Fill(label, keys string) {
	p.t.Helper()
	p.WaitFor(fmt.Sprintf("a control labelled %q", label), Control(label))
	p.Exec(`(() => { const c = ` + Control(label) + `; c.focus(); c.value = ""; })()`)
	p.Type(label, keys)
}

// Keys sends keys to whatever has the focus (see package
// github.com/chromedp/chromedp/kb for keys such as kb.ArrowLeft).
func (p *Page) Keys(keys string) {
	p.t.Helper()
	p.Do(fmt.Sprintf("press %q", keys), chromedp.KeyEvent(keys))
}

// Select picks option in the drop-down labelled label (a selectbox). Native drop-down lists are drawn by the
// browser, outside the page, so this sets the choice and sends the change
// event the browser would.
func (p *Page) Select(label, option string) {
	p.t.Helper()
	p.WaitFor(fmt.Sprintf("a drop-down labelled %q with the option %q", label, option),
		`__bt.selectOption(`+Q(label)+`, `+Q(option)+`, false)`)
	p.Exec(`__bt.selectOption(` + Q(label) + `, ` + Q(option) + `, true)`)
}

// Toggle opens the dropdown of the multiselect labelled label and clicks
// option in it, with the mouse, choosing it or, if it was chosen, not.
func (p *Page) Toggle(label, option string) {
	p.t.Helper()
	if !Eval[bool](p, `!!__bt.multiselectOption(`+Q(label)+`, `+Q(option)+`)`) {
		p.Do("open the multiselect "+Q(label), chromedp.Click(chromedp.JSPath(`__bt.multiselectSummary(`+Q(label)+`)`)))
	}
	p.Do(fmt.Sprintf("click %q in the multiselect %q", option, label),
		chromedp.Click(chromedp.JSPath(`__bt.multiselectOption(`+Q(label)+`, `+Q(option)+`)`)))
}

// Received returns how many messages of type typ the page has received from
// the server since it was loaded.
func (p *Page) Received(typ string) int {
	p.t.Helper()
	return Eval[int](p, `__bt.recv.filter((m) => m.t === `+Q(typ)+`).length`)
}

// Sent returns the messages the page has sent to the server since it was
// loaded, oldest first.
func (p *Page) Sent() []map[string]any {
	p.t.Helper()
	return Eval[[]map[string]any](p, `__bt.sent`)
}

// NewTab opens another tab in the same browser as p, sharing its cookies
// and storage: a second tab of the same user. It is closed when p's test
// ends.
func (p *Page) NewTab() *Page {
	p.t.Helper()
	q := &Page{t: p.t, timeout: p.timeout, mu: new(sync.Mutex), errs: new([]string), console: new([]string)}
	ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithListener(q.listen))
	q.ctx = ctx
	p.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		p.t.Fatalf("opening a tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hook}); err != nil {
		p.t.Fatalf("installing the page hook: %v", err)
	}
	return q
}

// Close closes the tab, as a user closing it does: its page goes away
// with its websocket. Using p afterwards fails.
func (p *Page) Close() {
	p.t.Helper()
	if err := chromedp.Cancel(p.ctx); err != nil {
		p.fatalf("closing the tab: %v", err)
	}
}

// DownloadTo makes the tab save the files it downloads into dir, under the
// names the server gives them: headless chromium refuses downloads unless
// told where to put them. It holds for the tab's browser context, so for
// the tabs [Page.NewTab] opens from it too.
func (p *Page) DownloadTo(dir string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllow,
		BrowserContextID: chromedp.FromContext(p.ctx).BrowserContextID,
		DownloadPath:     dir,
	})
	if err != nil {
		p.fatalf("allowing downloads into %s: %v", dir, err)
	}
}

// EmulateMedia makes the tab's CSS media queries see media ("print",
// "screen", or "" for the real one) and the features, such as
// prefers-color-scheme: dark, as if the system said so.
func (p *Page) EmulateMedia(media string, features map[string]string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	params := emulation.SetEmulatedMediaParams{Media: media}
	for name, value := range features {
		params.Features = append(params.Features, &emulation.MediaFeature{Name: name, Value: value})
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, params); err != nil {
		p.fatalf("emulating media %q %v: %v", media, features, err)
	}
}

// BeforeScripts runs js in every document the tab loads from now on,
// before the page's own scripts, as the page hook does: to watch what a
// page does while it loads.
func (p *Page) BeforeScripts(js string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js}); err != nil {
		p.fatalf("adding a script before the page's: %v", err)
	}
}
