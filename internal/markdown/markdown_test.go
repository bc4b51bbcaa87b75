package markdown

import "testing"

func TestHTML(t *testing.T) {
	r := New()
	for _, test := range []struct {
		name      string
		src       string
		allowHTML bool
		inline    bool
		want      string
	}{
		{"emphasis", "*hi* **there**", false, false, "<p><em>hi</em> <strong>there</strong></p>\n"},
		{"inline heading drops p", "Hello *world*", false, true, "Hello <em>world</em>"},
		{"inline raw html escaped", "a <b>b</b>", false, false, "<p>a &lt;b&gt;b&lt;/b&gt;</p>\n"},
		{"html block escaped", "<script>alert(1)</script>", false, false, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"html allowed", "a <b>b</b>", true, false, "<p>a <b>b</b></p>\n"},
		{"javascript link dropped", "[x](javascript:alert(1))", false, false, "<p><a href=\"\">x</a></p>\n"},
		{"gfm table", "|a|\n|-|\n|1|", false, false, "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n"},
	} {
		t.Run(test.name, func(t *testing.T) {
			for range 2 { // the second call comes from the cache
				if got := r.HTML(test.src, test.allowHTML, test.inline); got != test.want {
					t.Errorf("HTML(%q)\ngot  %q\nwant %q", test.src, got, test.want)
				}
			}
		})
	}
}

// TestSlug: a heading's anchor is its text in lower case (as
// strings.ToLower makes it), words joined by dashes, punctuation dropped.
func TestSlug(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Orders dashboard", "orders-dashboard"},
		{"  Recent   orders!  ", "recent-orders"},
		{"Q3 — 2026: Revenue & Costs", "q3-2026-revenue-costs"},
		{"ÉTÉ À PARIS", "été-à-paris"},
		{"ȺB", "ⱥb"}, // lower case takes more bytes than upper
		{"İstanbul", "istanbul"},
		{"bad \\xff utf-8", "bad-xff-utf-8"},
		{"bad \xff utf-8", "bad-utf-8"},
		{"", ""},
		{"!!!", ""},
	} {
		if got := slug(tc.text); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestAnchorIsRemembered: Anchor gives slug's answer, the first time and
// from its memo after.
func TestAnchorIsRemembered(t *testing.T) {
	r := New()
	for range 2 {
		if got := r.Anchor("Recent orders"); got != "recent-orders" {
			t.Fatalf("Anchor = %q, want recent-orders", got)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { r.Anchor("Recent orders") }); allocs != 0 {
		t.Errorf("a remembered anchor allocates %v times, want 0", allocs)
	}
}
