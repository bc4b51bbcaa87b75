package deploytest

import (
	"os"
	"strings"
	"testing"
)

// docNginx is NginxConfig as docs/deploy.md shows it: three pods'
// addresses, nginx on port 80, its log where Debian keeps it.
func docNginx() string {
	return strings.ReplaceAll(NginxConfig("80", []string{"10.0.0.1:8501", "10.0.0.2:8501", "10.0.0.3:8501"}), "{dir}", "/var/log/nginx")
}

// TestDocsShowTheTestedConfig: the nginx configuration docs/deploy.md
// gives is the one TestThreeReplicasBehindNginx runs, word for word.
func TestDocsShowTheTestedConfig(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```nginx\n"+docNginx()+"```\n") {
		t.Errorf("docs/deploy.md does not show the tested nginx configuration; it should have, in a ```nginx block:\n%s", docNginx())
	}
}
