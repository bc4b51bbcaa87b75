package frontend

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Defaults returns the defaults of the props the server leaves out, by
// element kind, as the page fills them in (defaults.js, docs/protocol.md):
// the table the page uses, read from the embedded module, so that tests
// that read pages the way the browser does (package sttest) fill the same
// values, and can hold the server to leaving them out.
//
// It parses the JSON object that follows "DEFAULTS =" in defaults.js, up
// to the line "};" that ends it, anew on each call: its callers are tests.
func Defaults() (map[string]map[string]any, error) {
	src, err := assets.ReadFile("defaults.js")
	if err != nil {
		return nil, fmt.Errorf("frontend: %w", err)
	}
	_, rest, ok := bytes.Cut(src, []byte("export const DEFAULTS = "))
	if !ok {
		return nil, fmt.Errorf("frontend: defaults.js has no DEFAULTS")
	}
	obj, _, ok := bytes.Cut(rest, []byte("\n};"))
	if !ok {
		return nil, fmt.Errorf("frontend: defaults.js: DEFAULTS does not end with a line \"};\"")
	}
	var table map[string]map[string]any
	if err := json.Unmarshal(append(obj, "\n}"...), &table); err != nil {
		return nil, fmt.Errorf("frontend: defaults.js: DEFAULTS is not plain JSON: %w", err)
	}
	return table, nil
}
