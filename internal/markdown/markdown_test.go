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
