package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadRunOnSave(t *testing.T) {
	for _, test := range []struct {
		name  string
		files map[string]string // path under home/ or app/ → content
		want  bool
	}{
		{"none", nil, false},
		{"app gost", map[string]string{"app/.gost/config.toml": "[server]\nrunOnSave = true\n"}, true},
		{"app streamlit", map[string]string{"app/.streamlit/config.toml": "[server]\nrunOnSave = true\n[theme]\nbase = 'dark'\n"}, true},
		{"gost wins", map[string]string{"app/.streamlit/config.toml": "[server]\nrunOnSave = true\n", "app/.gost/config.toml": "[server]\nrunOnSave = false\n"}, false},
		{"home", map[string]string{"home/.streamlit/config.toml": "[server]\nrunOnSave = true\n"}, true},
		{"app over home", map[string]string{"home/.gost/config.toml": "[server]\nrunOnSave = true\n", "app/.gost/config.toml": "[server]\nrunOnSave = false\n"}, false},
	} {
		t.Run(test.name, func(t *testing.T) {
			root := t.TempDir()
			for name, content := range test.files {
				p := filepath.Join(root, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, errs := readRunOnSave(filepath.Join(root, "app"), filepath.Join(root, "home"))
			if got != test.want || len(errs) > 0 {
				t.Errorf("got %v %v, want %v", got, errs, test.want)
			}
		})
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, ".gost"), 0o755)
	os.WriteFile(filepath.Join(root, ".gost", "config.toml"), []byte("[server\n"), 0o644)
	if _, errs := readRunOnSave(root, ""); len(errs) != 1 || !strings.Contains(errs[0].Error(), "config.toml") {
		t.Errorf("a broken config.toml: %v, want one error naming the file", errs)
	}
}
