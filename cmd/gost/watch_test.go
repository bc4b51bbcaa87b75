package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// fakeWatcher is a watcher of an app in /app (module root /mod, local
// package /mod/lib, home /home), fed by events the test injects, as templ's
// watcher tests do: no disk, no timing.
func fakeWatcher(t *testing.T) *watcher {
	t.Helper()
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fw.Close() })
	w := newWatcherOn(fw, io.Discard)
	w.pkgDirs = map[string]bool{"/app": true, "/mod/lib": true}
	w.modRoot = "/mod"
	w.parents = map[string]bool{"/app": true, "/home": true}
	w.confDirs = map[string]bool{"/app/.gost": true, "/app/.streamlit": true, "/home/.gost": true, "/home/.streamlit": true}
	// The directories do not exist: addLocked skips them quietly.
	return w
}

func TestWatcherClassifiesEvents(t *testing.T) {
	for _, test := range []struct {
		name string
		ev   fsnotify.Event
		want change
	}{
		{"write in place", fsnotify.Event{Name: "/app/app.go", Op: fsnotify.Write}, change{source: true}},
		{"atomic rename over", fsnotify.Event{Name: "/app/app.go", Op: fsnotify.Create}, change{source: true}},
		{"new file", fsnotify.Event{Name: "/app/more.go", Op: fsnotify.Create}, change{source: true}},
		{"removed", fsnotify.Event{Name: "/app/more.go", Op: fsnotify.Remove}, change{source: true}},
		{"renamed away", fsnotify.Event{Name: "/app/more.go", Op: fsnotify.Rename}, change{source: true}},
		{"chmod only", fsnotify.Event{Name: "/app/app.go", Op: fsnotify.Chmod}, change{}},
		{"write and chmod", fsnotify.Event{Name: "/app/app.go", Op: fsnotify.Write | fsnotify.Chmod}, change{source: true}},
		{"local package", fsnotify.Event{Name: "/mod/lib/lib.go", Op: fsnotify.Write}, change{source: true}},
		{"go.mod", fsnotify.Event{Name: "/mod/go.mod", Op: fsnotify.Write}, change{source: true, gomod: true}},
		{"go.sum", fsnotify.Event{Name: "/mod/go.sum", Op: fsnotify.Write}, change{source: true}},
		{"test file", fsnotify.Event{Name: "/app/app_test.go", Op: fsnotify.Write}, change{}},
		{"vim swap", fsnotify.Event{Name: "/app/.app.go.swp", Op: fsnotify.Write}, change{}},
		{"vim probe", fsnotify.Event{Name: "/app/4913", Op: fsnotify.Create}, change{}},
		{"backup", fsnotify.Event{Name: "/app/app.go~", Op: fsnotify.Create}, change{}},
		{"emacs lock", fsnotify.Event{Name: "/app/.#app.go", Op: fsnotify.Create}, change{}},
		{"ignored by go", fsnotify.Event{Name: "/app/_old.go", Op: fsnotify.Write}, change{}},
		{"other package", fsnotify.Event{Name: "/mod/tools/x.go", Op: fsnotify.Write}, change{}},
		{"a README", fsnotify.Event{Name: "/app/README.md", Op: fsnotify.Write}, change{}},
		{"app secrets", fsnotify.Event{Name: "/app/.gost/secrets.toml", Op: fsnotify.Write}, change{config: true}},
		{"streamlit config", fsnotify.Event{Name: "/app/.streamlit/config.toml", Op: fsnotify.Create}, change{config: true}},
		{"home secrets", fsnotify.Event{Name: "/home/.streamlit/secrets.toml", Op: fsnotify.Remove}, change{config: true}},
		{"other toml", fsnotify.Event{Name: "/app/.gost/other.toml", Op: fsnotify.Write}, change{}},
		{"config dir appears", fsnotify.Event{Name: "/app/.gost", Op: fsnotify.Create}, change{config: true}},
		{"home file", fsnotify.Event{Name: "/home/notes.go", Op: fsnotify.Write}, change{}},
	} {
		t.Run(test.name, func(t *testing.T) {
			w := fakeWatcher(t)
			w.handle(test.ev)
			if got := w.take(); got != test.want {
				t.Errorf("%v: got %+v, want %+v", test.ev, got, test.want)
			}
		})
	}
}

// TestWatcherMergesBursts: the events of one save (vim: create the backup,
// write, chmod, remove the backup; or write + write) give one signal, and
// what they mean is merged.
func TestWatcherMergesBursts(t *testing.T) {
	w := fakeWatcher(t)
	go w.loop()
	for _, ev := range []fsnotify.Event{
		{Name: "/app/app.go~", Op: fsnotify.Create},
		{Name: "/app/app.go", Op: fsnotify.Remove},
		{Name: "/app/app.go", Op: fsnotify.Create},
		{Name: "/app/app.go", Op: fsnotify.Write},
		{Name: "/app/app.go", Op: fsnotify.Chmod},
		{Name: "/mod/go.mod", Op: fsnotify.Write},
		{Name: "/app/.gost/secrets.toml", Op: fsnotify.Write},
		{Name: "/app/app.go~", Op: fsnotify.Remove},
	} {
		w.fs.Events <- ev
	}
	<-w.changed()
	// The loop may still be handling the last events; they merge into what
	// take returns or signal again.
	got := w.take()
	for got != (change{source: true, gomod: true, config: true}) {
		<-w.changed()
		got = got.merge(w.take())
	}
	select {
	case <-w.changed():
		if c := w.take(); c.any() {
			t.Errorf("a second change %+v after everything was taken", c)
		}
	default:
	}
}

// TestWatcherOnDisk saves files the ways editors do, on a real file system,
// and checks each is seen. Waits are bounded; nothing is timed.
func TestWatcherOnDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	app := filepath.Join(dir, "app.go")
	write := func(name, s string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(app, "package main\n")
	w, err := newWatcher(dir, "", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	expect := func(what string, want change) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		var got change
		for got.merge(want) != got {
			select {
			case <-w.changed():
				got = got.merge(w.take())
			case <-deadline:
				t.Fatalf("%s: got %+v, want %+v", what, got, want)
			}
		}
	}

	write(app, "package main\n\n// in place\n")
	expect("write in place", change{source: true})

	tmp := filepath.Join(dir, ".app.go.tmp")
	write(tmp, "package main\n\n// renamed over\n")
	if err := os.Rename(tmp, app); err != nil {
		t.Fatal(err)
	}
	expect("atomic rename", change{source: true})

	if err := os.Remove(app); err != nil {
		t.Fatal(err)
	}
	write(app, "package main\n\n// re-created\n")
	expect("remove and re-create", change{source: true})

	write(filepath.Join(dir, "new.go"), "package main\n")
	expect("a new file", change{source: true})

	// .gost does not exist yet: creating it and the secrets in it counts.
	if err := os.Mkdir(filepath.Join(dir, ".gost"), 0o755); err != nil {
		t.Fatal(err)
	}
	expect("config dir created", change{config: true})
	write(filepath.Join(dir, ".gost", "secrets.toml"), "[auth]\n")
	expect("secrets written", change{config: true})
}
