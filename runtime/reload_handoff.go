package runtime

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
)

// A handoff carries a session's state from one version of the app to the
// next, through a file in the handoff directory named after the session.
//
// The carry-over rule: values of the predeclared basic types (bool, string,
// every int, uint and float kind) and slices and maps of them survive with
// their exact Go types; the type travels beside the value, so an int stays
// an int and not JSON's float64. Everything else (the app's own types,
// pointers, funcs, channels, interfaces, nested containers) is dropped and
// logged by key: the new version may have changed those types, and most of
// them cannot be written down anyway.
type handoff struct {
	V      int                     `json:"v"`
	User   string                  `json:"user,omitempty"` // the session's login key
	Values map[string]handoffValue `json:"values"`
}

type handoffValue struct {
	Type  string          `json:"type"` // a Go type, e.g. "int", "[]string", "map[string]float64"
	Value json.RawMessage `json:"value"`
}

const handoffVersion = 1

// basicTypes are the types whose values carry over, by name.
var basicTypes = func() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for _, v := range []any{false, "", int(0), int8(0), int16(0), int32(0), int64(0),
		uint(0), uint8(0), uint16(0), uint32(0), uint64(0), uintptr(0), float32(0), float64(0)} {
		t := reflect.TypeOf(v)
		m[t.String()] = t
	}
	return m
}()

// isBasic reports whether t is one of basicTypes itself (not a type
// defined from one: main.Celsius is the app's own).
func isBasic(t reflect.Type) bool {
	return t.PkgPath() == "" && basicTypes[t.Name()] == t
}

// carries reports whether values of type t carry over.
func carries(t reflect.Type) bool {
	if isBasic(t) {
		return true
	}
	if t.Name() != "" {
		return false // a defined type: the app's
	}
	switch t.Kind() {
	case reflect.Slice:
		return isBasic(t.Elem())
	case reflect.Map:
		return isBasic(t.Key()) && isBasic(t.Elem())
	}
	return false
}

// parseType is the inverse of reflect.Type.String for the types that
// carry over.
func parseType(s string) (reflect.Type, bool) {
	if t, ok := basicTypes[s]; ok {
		return t, true
	}
	if elem, ok := strings.CutPrefix(s, "[]"); ok {
		t, ok := basicTypes[elem]
		if !ok {
			return nil, false
		}
		return reflect.SliceOf(t), true
	}
	if kv, ok := strings.CutPrefix(s, "map["); ok {
		k, v, ok := strings.Cut(kv, "]")
		kt, kok := basicTypes[k]
		vt, vok := basicTypes[v]
		if !ok || !kok || !vok {
			return nil, false
		}
		return reflect.MapOf(kt, vt), true
	}
	return nil, false
}

// newHandoff records values that carry over and returns the keys of those
// that do not, sorted.
func newHandoff(userKey string, values map[string]any) (*handoff, []string) {
	h := &handoff{V: handoffVersion, User: userKey, Values: map[string]handoffValue{}}
	var dropped []string
	for k, v := range values {
		t := reflect.TypeOf(v)
		if v == nil || !carries(t) || hasNonFinite(reflect.ValueOf(v)) {
			dropped = append(dropped, k)
			continue
		}
		data, err := json.Marshal(v)
		if err != nil {
			dropped = append(dropped, k)
			continue
		}
		h.Values[k] = handoffValue{Type: t.String(), Value: data}
	}
	slices.Sort(dropped)
	return h, dropped
}

// hasNonFinite reports a NaN or infinity, which JSON cannot hold.
func hasNonFinite(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		return math.IsNaN(f) || math.IsInf(f, 0)
	case reflect.Slice:
		for i := range v.Len() {
			if hasNonFinite(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasNonFinite(it.Key()) || hasNonFinite(it.Value()) {
				return true
			}
		}
	}
	return false
}

// values decodes the recorded values with their types, and returns the
// keys it could not decode.
func (h *handoff) values() (map[string]any, []string) {
	out := make(map[string]any, len(h.Values))
	var dropped []string
	for k, hv := range h.Values {
		t, ok := parseType(hv.Type)
		if !ok {
			dropped = append(dropped, k)
			continue
		}
		p := reflect.New(t)
		if err := json.Unmarshal(hv.Value, p.Interface()); err != nil {
			dropped = append(dropped, k)
			continue
		}
		out[k] = p.Elem().Interface()
	}
	slices.Sort(dropped)
	return out, dropped
}

// write writes the handoff of session id into dir, readable only by this
// user: session state may hold anything the app keeps about the user.
func (h *handoff) write(dir, id string) error {
	data, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("runtime: encode handoff: %w", err)
	}
	// Written under a temporary name and renamed, so the new process never
	// reads half a file.
	tmp, err := os.CreateTemp(dir, id+".*.tmp")
	if err != nil {
		return fmt.Errorf("runtime: write handoff: %w", err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, id+".json"))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("runtime: write handoff: %w", err)
	}
	return nil
}

// readHandoff reads and removes the handoff of session id from dir.
func readHandoff(dir, id string) (*handoff, error) {
	path := filepath.Join(dir, id+".json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	os.Remove(path)
	var h handoff
	if err := json.Unmarshal(data, &h); err != nil {
		return nil, fmt.Errorf("runtime: read handoff: %w", err)
	}
	if h.V != handoffVersion {
		return nil, fmt.Errorf("runtime: read handoff: version %d, want %d", h.V, handoffVersion)
	}
	return &h, nil
}
