package frontend

import "testing"

// TestDefaultsAreZeroValues holds defaults.js to what the server can leave
// out: it omits a prop only at its type's zero value, so a default that is
// not one would show a value the app never set.
func TestDefaultsAreZeroValues(t *testing.T) {
	table, err := Defaults()
	if err != nil {
		t.Fatal(err)
	}
	if len(table) < 20 {
		t.Fatalf("defaults.js has %d kinds: its parsing is broken", len(table))
	}
	for kind, props := range table {
		for name, v := range props {
			switch v := v.(type) {
			case nil:
			case string:
				if v != "" {
					t.Errorf("%s.%s defaults to %q, not a zero value", kind, name, v)
				}
			case bool:
				if v {
					t.Errorf("%s.%s defaults to true, not a zero value", kind, name)
				}
			case float64:
				if v != 0 {
					t.Errorf("%s.%s defaults to %v, not a zero value", kind, name, v)
				}
			case []any:
				if len(v) != 0 {
					t.Errorf("%s.%s defaults to %v, not a zero value", kind, name, v)
				}
			default:
				t.Errorf("%s.%s defaults to %v (%T), not a zero value", kind, name, v, v)
			}
		}
	}
}
