package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/fsnotify/fsnotify"
)

// change is what a burst of file events means to gost run.
type change struct {
	source bool // a .go file of the app, go.mod or go.sum: rebuild
	gomod  bool // go.mod: the app's local packages may be others now
	config bool // secrets.toml or config.toml: reload them, no rebuild
}

func (c change) merge(d change) change {
	return change{c.source || d.source, c.gomod || d.gomod, c.config || d.config}
}

func (c change) any() bool { return c.source || c.gomod || c.config }

// Config and secrets live in these directories of the app's directory and
// of the user's home, as in Streamlit.
var configDirNames = []string{".gost", ".streamlit"}

// watcher watches the directories an app is made of: its package, the
// local packages it imports, its module root, and the config directories.
// Directories, not files: editors often save by writing a new file and
// renaming it over the old one, which a watch on the old file would miss,
// and new files count too.
//
// Events are merged into one pending change; [watcher.changed] fires once
// for any number of events until [watcher.take] collects them. gost run
// acts on the first event at once, and a save's later events only restart
// what it started, so no debounce delay is needed.
type watcher struct {
	fs     *fsnotify.Watcher
	log    io.Writer // where watch errors go
	signal chan struct{}

	mu       sync.Mutex
	pending  change
	pkgDirs  map[string]bool // directories whose .go files are the app's
	modRoot  string          // directory of go.mod
	parents  map[string]bool // the app's directory and home: .gost and .streamlit may appear there
	confDirs map[string]bool // the .gost and .streamlit directories
	watched  map[string]bool
}

// newWatcher watches pkgDir, the config directories in pkgDir and home
// ("" for none), and pkgDir's module (see [watcher.refresh]).
func newWatcher(pkgDir, home string, log io.Writer) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", displayPath(pkgDir), err)
	}
	w := newWatcherOn(fw, log)
	w.setPackageDirs([]string{pkgDir}, "")
	w.mu.Lock()
	for _, dir := range []string{pkgDir, home} {
		if dir == "" {
			continue
		}
		w.parents[dir] = true
		w.addLocked(dir)
		for _, name := range configDirNames {
			w.confDirs[filepath.Join(dir, name)] = true
			w.addLocked(filepath.Join(dir, name)) // may not exist yet: the parent's watch sees it appear
		}
	}
	w.mu.Unlock()
	go w.loop()
	return w, nil
}

// newWatcherOn returns a watcher of fw's events that watches nothing yet.
// Tests inject events into fw.Events.
func newWatcherOn(fw *fsnotify.Watcher, log io.Writer) *watcher {
	return &watcher{
		fs:       fw,
		log:      log,
		signal:   make(chan struct{}, 1),
		pkgDirs:  map[string]bool{},
		parents:  map[string]bool{},
		confDirs: map[string]bool{},
		watched:  map[string]bool{},
	}
}

// changed fires when a change is pending.
func (w *watcher) changed() <-chan struct{} { return w.signal }

// take returns the pending change and clears it.
func (w *watcher) take() change {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.pending
	w.pending = change{}
	return c
}

// close stops watching.
func (w *watcher) close() error { return w.fs.Close() }

func (w *watcher) loop() {
	for {
		select {
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			w.handle(ev)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			// An overflow loses events; the next save is seen again.
			fmt.Fprintf(w.log, "gost: watching the source: %v\n", err)
		}
	}
}

// handle records what ev means, if anything.
func (w *watcher) handle(ev fsnotify.Event) {
	w.mu.Lock()
	c := w.classifyLocked(ev)
	if !c.any() {
		w.mu.Unlock()
		return
	}
	w.pending = w.pending.merge(c)
	w.mu.Unlock()
	select {
	case w.signal <- struct{}{}:
	default: // already signalled; take will collect this one too
	}
}

// classifyLocked says what ev means. Every op but a bare chmod counts:
// writes in place, creates (also the target of an atomic rename), removes
// and renames away (a file gone changes the package too).
func (w *watcher) classifyLocked(ev fsnotify.Event) change {
	if !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Rename) {
		return change{} // chmod: editors and tools touch modes without changing content
	}
	name := filepath.Clean(ev.Name)
	dir, base := filepath.Dir(name), filepath.Base(name)
	switch {
	case w.parents[dir] && w.confDirs[name]:
		// .gost or .streamlit appeared (or went): watch it; what it holds
		// may be new config.
		if ev.Has(fsnotify.Create) {
			w.addLocked(name)
		}
		return change{config: true}
	case w.confDirs[dir] && (base == "secrets.toml" || base == "config.toml"):
		return change{config: true}
	case w.pkgDirs[dir] && isSourceFile(base):
		return change{source: true}
	case dir == w.modRoot && (base == "go.mod" || base == "go.sum"):
		return change{source: true, gomod: base == "go.mod"}
	}
	return change{}
}

// isSourceFile reports whether go build reads the file named base: a .go
// file that is not a test and not hidden from the go command (names
// starting with "." or "_"), nor an editor's lock or backup file.
func isSourceFile(base string) bool {
	return strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go") &&
		!strings.HasPrefix(base, ".") && !strings.HasPrefix(base, "_") && !strings.HasPrefix(base, "#")
}

// setPackageDirs makes dirs the directories whose .go files are the app's
// and modRoot ("" if not known) the module's root, and watches them.
func (w *watcher) setPackageDirs(dirs []string, modRoot string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pkgDirs = map[string]bool{}
	for _, d := range dirs {
		w.pkgDirs[filepath.Clean(d)] = true
		w.addLocked(d)
	}
	if modRoot != "" {
		w.modRoot = filepath.Clean(modRoot)
		w.addLocked(modRoot)
	}
	// Directories no longer wanted stay watched: their events are ignored,
	// and a package dropped today may be imported again tomorrow.
}

// addLocked watches dir once. A directory that does not exist is skipped:
// its parent's watch reports it when it appears, if it matters.
func (w *watcher) addLocked(dir string) {
	if w.watched[dir] {
		if _, err := os.Stat(dir); err == nil {
			return
		}
	}
	if err := w.fs.Add(dir); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(w.log, "gost: watch %s: %v\n", displayPath(dir), err)
		}
		return
	}
	w.watched[dir] = true
}

// refresh asks the go command for the app's local packages (those of its
// own module) and its module root, and watches them. It runs at start,
// after go.mod changes, and after each good build (imports may change).
// tmp is a directory for a temporary go.mod, as goBuild may need.
func (w *watcher) refresh(ctx context.Context, p appPackage, tmp string) error {
	pkgDir := p.dir
	tmp, err := os.MkdirTemp(tmp, "list-")
	if err != nil {
		return fmt.Errorf("list the packages of %s: %w", displayPath(pkgDir), err)
	}
	defer os.RemoveAll(tmp)
	out, err := goInModule(ctx, p, tmp, nil, "list", "-e", "-deps", "-f", "{{if .Module}}{{if .Module.Main}}{{.Dir}}{{end}}{{end}}", ".")
	if err != nil {
		return fmt.Errorf("list the packages of %s: %v: %s", displayPath(pkgDir), err, strings.TrimSpace(out))
	}
	dirs := []string{pkgDir}
	for _, line := range strings.Split(out, "\n") {
		if line = strings.TrimSpace(line); line != "" && filepath.IsAbs(line) {
			dirs = append(dirs, line)
		}
	}
	gobin, err := lookGo()
	if err != nil {
		return err
	}
	gomod, err := goCommand(ctx, gobin, pkgDir, nil, "env", "GOMOD")
	if err != nil {
		return fmt.Errorf("find the module of %s: %v", displayPath(pkgDir), err)
	}
	root := ""
	if gomod = strings.TrimSpace(gomod); gomod != "" && gomod != os.DevNull {
		root = filepath.Dir(gomod)
	}
	w.setPackageDirs(dirs, root)
	return nil
}
