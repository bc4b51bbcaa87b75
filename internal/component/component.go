// Package component keeps the files of the components an app's packages
// declare (st.NewComponent) and serves them to the page.
//
// It is a registry for the process, as database/sql's drivers and
// image's formats are: a component's files are code the binary ships, the
// same for every server and session, and an app names them in a package
// variable (var Rating = st.NewComponent(...)), before any server exists.
// Each component is served under a directory named by its name and the
// hash of its files, so a changed module has a new URL and the browser may
// keep a module as long as it likes.
package component

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
)

// Prefix is where the page finds components, relative to the app's base
// path.
const Prefix = "_gost/component/"

var (
	mu   sync.RWMutex
	dirs = map[string]fs.FS{} // "name-hash" → the component's files
)

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Register keeps files, the files of the component name, whose module is
// entry, and returns the URL of the module relative to the app's base
// path.
func Register(name string, files fs.FS, entry string) (string, error) {
	if !validName.MatchString(name) {
		return "", fmt.Errorf("name %q: want lower-case letters, digits, - and _", name)
	}
	if files == nil {
		return "", errors.New("no files")
	}
	if !fs.ValidPath(entry) || path.Ext(entry) != ".js" {
		return "", fmt.Errorf("module %q: want the path of a .js file in its files", entry)
	}
	if _, err := fs.Stat(files, entry); err != nil {
		return "", fmt.Errorf("module %q: %w", entry, err)
	}
	sum, err := hash(files)
	if err != nil {
		return "", fmt.Errorf("reading its files: %w", err)
	}
	dir := name + "-" + sum
	mu.Lock()
	dirs[dir] = files
	mu.Unlock()
	return Prefix + dir + "/" + entry, nil
}

// hash is the hash of every file's path and bytes, in fs.WalkDir's
// (lexical) order.
func hash(files fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%d:%s%d:", len(p), p, len(data))
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)[:8]), err
}

// types are the files a component serves, by extension; others are not
// served, so a component's directory leaks nothing it did not mean to
// ship as an asset. The types are fixed: some systems map .js to
// text/plain, and browsers refuse modules served that way.
var types = map[string]string{
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".wasm": "application/wasm",
}

// Handler serves GET Prefix+"name-hash/path": the registered files.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := strings.TrimPrefix(r.URL.Path, "/"+Prefix)
		dir, file, _ := strings.Cut(rest, "/")
		mu.RLock()
		files := dirs[dir]
		mu.RUnlock()
		ct := types[path.Ext(file)]
		if files == nil || !fs.ValidPath(file) || ct == "" {
			http.NotFound(w, r)
			return
		}
		data, err := fs.ReadFile(files, file)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("X-Content-Type-Options", "nosniff")
		// The directory's hash names these very bytes.
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Write(data)
	})
}
