package script

import (
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/tree"
)

// State is what a session keeps between runs.
type State struct {
	md    *markdown.Renderer
	media *Media
	// uploads holds the files the browser uploaded; it has its own lock.
	uploads *Uploads
	tables  *Tables
	log     *slog.Logger

	// current is the number of the newest run asked for. A run whose
	// number differs has been superseded.
	current atomic.Int64
	// running is the run going on, if any, whose context Supersede cancels.
	running atomic.Pointer[Run]
	// gen numbers the runs made, so a widget record knows whether the run
	// going on drew it (duplicates, and what to forget) without a set per run.
	gen uint64

	// values is the session state. Widgets with a key keep their value
	// here, under the key, as in Streamlit.
	values map[string]any
	// byID holds the widgets of the last runs, by id: what the browser
	// may send values for, and how to read them.
	byID map[string]*widget
	// order holds the widgets the last run of the app drew, in the order
	// drawn: where the next run looks first (widget.go).
	order []*widget
	// seeds holds the values a hello brought for widgets the session has
	// not drawn (a new session, after a restart): each is checked by its
	// widget's Decode when the first run draws it, and dropped otherwise.
	seeds map[string]any

	// trigger is the button clicked for the run going on; submitted is the
	// form its click sends, if it is a form's submit button.
	trigger, submitted string
	// cleared holds the widgets of a form that clears on submit: they go
	// back to their defaults once the run that got the form's values ends.
	cleared []*widget

	// drawing is the run whose callbacks are being called: what they draw
	// through the Ctx of an earlier run goes at its top.
	drawing *Run

	user     *User // nil: nobody logged in, so most sessions keep no User (176 bytes)
	host     Host
	query    string // the page's query string
	redirect string // where to send the browser once the run is over
	shell    Shell  // the page's path, config and pages (shell.go)

	drops dropLog

	// page is the page the last run left, which a fragment run starts
	// from; frags holds the fragments it shows, by key (fragment.go).
	page *tree.Node
	// twins pairs the containers of the run going with the page's
	// (reuse.go); only the run loop touches it.
	twins map[*tree.Node]*tree.Node
	slots int // the children of the last page's containers, for the next run's slab
	// shown and before are the memory of the page shown and of the one
	// before, when runs of the app drew them; spare is what the runtime
	// handed back for the next run (recycle.go).
	shown, before, spare pageMemory
	frags                map[string]*fragment
	pusher               Pusher
}

// NewState returns the state of a new session. md renders Markdown for its
// runs; log gets the warnings about values the browser sent that were
// dropped (nil: slog.Default()).
func NewState(md *markdown.Renderer, log *slog.Logger) *State {
	if log == nil {
		log = slog.Default()
	}
	return &State{
		md:      md,
		media:   newMedia(),
		uploads: newUploads(),
		tables:  newTables(),
		log:     log,
		values:  make(map[string]any),
		byID:    make(map[string]*widget),
	}
}

// Supersede numbers a new request for a run and returns its number: the run
// going on, if any, is stale from now on and stops at its next st call. It
// may be called from any goroutine.
func (s *State) Supersede() int64 {
	n := s.current.Add(1)
	if r := s.running.Load(); r != nil {
		r.stop() // tell what the run waits on (a streamed answer) to stop
	}
	return n
}

// Newest returns the number of the newest run asked for.
func (s *State) Newest() int64 { return s.current.Load() }

// Media returns the files the session's page offers. It has its own lock,
// so an HTTP handler may read it while a run goes on.
func (s *State) Media() *Media { return s.media }

// Uploads returns the files the session's browser uploaded. It has its
// own lock, so an HTTP handler may add files while a run goes on.
func (s *State) Uploads() *Uploads { return s.uploads }

// Tables returns the data sets the session's page reads a window at a
// time. It has its own lock, as Media has.
func (s *State) Tables() *Tables { return s.tables }

// SetHost sets what the runtime offers st beyond the tree (login, secrets).
// Call it before the first run.
func (s *State) SetHost(h Host) { s.host = h }

// Adopt makes values the session state, as a previous version of the app
// left it (hot reload). Call it before the first run.
func (s *State) Adopt(values map[string]any) { s.values = values }

// Values returns a copy of the session state.
func (s *State) Values() map[string]any { return maps.Clone(s.values) }

// SetUser changes who the session runs as.
func (s *State) SetUser(u User) {
	s.user = nil
	if !reflect.ValueOf(u).IsZero() {
		s.user = &u
	}
}

// User returns who the session runs as.
func (s *State) User() User {
	if s.user == nil {
		return User{}
	}
	return *s.user
}

// Shell returns the session's app shell, which the runtime reads and
// updates between runs (the address the browser arrived at, what it was
// told of the page config).
func (s *State) Shell() *Shell { return &s.shell }

// SetQuery sets the page's query string.
func (s *State) SetQuery(q string) { s.query = q }

// Query returns the page's query string.
func (s *State) Query() string { return s.query }

// TakeRedirect returns where a run asked to send the browser ("" for
// nowhere) and forgets it.
func (s *State) TakeRedirect() string {
	url := s.redirect
	s.redirect = ""
	return url
}

// set stores v under key in the session state, for the app.
func (s *State) set(key string, v any) {
	s.values[key] = v
	if w := s.keyed(key); w != nil {
		w.appSet = true
	}
}

// delete removes key from the session state, for the app.
func (s *State) delete(key string) {
	delete(s.values, key)
	if w := s.keyed(key); w != nil {
		w.appSet = false // nothing of the app's to keep
	}
}

// User is the logged-in user of a session, as the auth layer saw it.
type User struct {
	LoggedIn    bool
	Provider    string
	Claims      map[string]any
	IDToken     string
	AccessToken string
	// Key identifies this login of this browser; all its tabs share it.
	Key string
	// Roles, Groups and the rest are what the auth layer read from the
	// claims (runtime/auth.User has the details).
	Roles, Groups []string
	GroupsOverage bool
	GroupsSource  string
	ClaimProblems []string
}

// Host is what the runtime offers st beyond the element tree.
type Host interface {
	// LoginURL returns where to send the browser to log in with provider
	// ("" for the default provider). Its error is meant for the page.
	LoginURL(provider string) (string, error)
	// LogoutURL returns where to send the browser to log out.
	LogoutURL() (string, error)
	// Secrets returns the sections of secrets.toml.
	Secrets() (map[string]any, error)
}

// dropLog summarises the values a session's browser sent that were
// dropped: a hostile page can send thousands a second, and the log must
// not grow with them. It logs at most once per dropEvery, with the count
// of what was dropped since and the reason for the first.
type dropLog struct {
	last  time.Time
	count int
	first string // the first reason since the last line
}

const dropEvery = 10 * time.Second

// drop notes that the browser's value v for id was dropped, and why.
func (s *State) drop(id, why string, v any) {
	d := &s.drops
	if d.count == 0 {
		if len(id) > 100 {
			id = id[:100] + "…"
		}
		d.first = fmt.Sprintf("%q: %s (got %T)", id, why, v)
	}
	d.count++
}

// flushDrops logs what was dropped, unless it logged less than dropEvery
// ago; then the count carries over to the next line.
func (s *State) flushDrops(now time.Time) {
	d := &s.drops
	if d.count == 0 || now.Sub(d.last) < dropEvery && !d.last.IsZero() {
		return
	}
	s.log.Warn("script: values from the browser dropped: no such widget drawn, or not a value it takes",
		"count", d.count, "first", d.first)
	d.last, d.count, d.first = now, 0, ""
}
