package sttest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// Node is one element of the page as the browser holds it.
type Node struct {
	Kind     string         `json:"k"`
	ID       string         `json:"id"`
	Props    map[string]any `json:"p"`
	Children []*Node        `json:"c"`
}

// op is a change to the page; see docs/protocol.md.
type op struct {
	Op   string          `json:"op"`
	Path []int           `json:"p"`
	N    json.RawMessage `json:"n"`
	V    map[string]any  `json:"v"`
}

// streamed is an append message ("+"): text streamed into an element.
type streamed struct {
	Path []int   `json:"p"`
	HTML *string `json:"html"`
	Open *string `json:"open"`
	Text string  `json:"text"`
}

func newPage() *Node {
	return &Node{Children: []*Node{
		{Kind: "block", Props: map[string]any{"name": "main"}},
		{Kind: "block", Props: map[string]any{"name": "sidebar"}},
	}}
}

// defaults are the props the server leaves out at their defaults, by
// element kind: frontend/defaults.js's table.
type defaults map[string]map[string]any

// fill puts back the props of n and its children that the server left out
// at their defaults, as the page does (frontend/defaults.js).
func (d defaults) fill(n *Node) error {
	p, err := d.props(n.Kind, n.Props)
	if err != nil {
		return err
	}
	n.Props = p
	for _, c := range n.Children {
		if err := d.fill(c); err != nil {
			return err
		}
	}
	return nil
}

// props returns p, as sent for an element of kind, with the defaults it
// left out. A prop sent at its default is an error: leaving it out is what
// the table is for.
func (d defaults) props(kind string, p map[string]any) (map[string]any, error) {
	def := d[kind]
	if def == nil {
		return p, nil
	}
	out := make(map[string]any, len(p)+len(def))
	for k, v := range p {
		if dv, ok := def[k]; ok && reflect.DeepEqual(v, dv) {
			return nil, fmt.Errorf("a %s has %q at its default %v: the server should leave it out (frontend/defaults.js)", kind, k, v)
		}
		out[k] = v
	}
	for k, v := range def {
		if _, ok := out[k]; !ok {
			if _, list := v.([]any); list {
				v = []any{} // each element its own
			}
			out[k] = v
		}
	}
	return out, nil
}

// apply applies ops to the page the way the frontend does.
func (root *Node) apply(ops []op, d defaults) error {
	for _, o := range ops {
		if len(o.Path) == 0 {
			return fmt.Errorf("op %s with an empty path", o.Op)
		}
		switch o.Op {
		case "set":
			parent, err := root.at(o.Path[:len(o.Path)-1])
			if err != nil {
				return err
			}
			var n Node
			if err := json.Unmarshal(o.N, &n); err != nil {
				return fmt.Errorf("set %v: %w", o.Path, err)
			}
			if err := d.fill(&n); err != nil {
				return fmt.Errorf("set %v: %w", o.Path, err)
			}
			i := o.Path[len(o.Path)-1]
			switch {
			case i == len(parent.Children):
				parent.Children = append(parent.Children, &n)
			case i < len(parent.Children):
				parent.Children[i] = &n
			default:
				return fmt.Errorf("set %v: past the end (%d children)", o.Path, len(parent.Children))
			}
		case "props":
			n, err := root.at(o.Path)
			if err != nil {
				return err
			}
			if n.Props, err = d.props(n.Kind, o.V); err != nil {
				return fmt.Errorf("props %v: %w", o.Path, err)
			}
		case "trim":
			n, err := root.at(o.Path)
			if err != nil {
				return err
			}
			var keep int
			if err := json.Unmarshal(o.N, &keep); err != nil || keep > len(n.Children) {
				return fmt.Errorf("trim %v to %s of %d", o.Path, o.N, len(n.Children))
			}
			n.Children = n.Children[:keep]
		case "fresh":
			// Only the fade in the browser: nothing changes on the page.
		default:
			return fmt.Errorf("unknown op %q", o.Op)
		}
	}
	return nil
}

// append applies an append message the way the frontend does.
func (root *Node) append(o streamed) error {
	n, err := root.at(o.Path)
	if err != nil {
		return err
	}
	if n.Kind != "stream" {
		return fmt.Errorf("append %v to a %s", o.Path, n.Kind)
	}
	html, _ := n.Props["html"].(string)
	open, _ := n.Props["open"].(string)
	text, _ := n.Props["text"].(string)
	if o.HTML != nil {
		html, open, text = html+*o.HTML, "", ""
	}
	if o.Open != nil {
		open, text = *o.Open, ""
	}
	text += o.Text
	// A new map: a Frame's copy of the page shares the old one.
	// "open" is the browser's own: the block still arriving.
	n.Props = map[string]any{"html": html, "open": open, "text": text}
	return nil
}

func (root *Node) at(path []int) (*Node, error) {
	n := root
	for k, i := range path {
		if i < 0 || i >= len(n.Children) {
			return nil, fmt.Errorf("path %v: no child %d at depth %d", path, i, k)
		}
		n = n.Children[i]
	}
	return n, nil
}

// walk calls f for every node below n, in page order.
func (n *Node) walk(f func(*Node)) {
	for _, c := range n.Children {
		f(c)
		c.walk(f)
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// Text returns what the node shows as text: its label, text, rendered
// HTML without tags, or an image's caption. A stream shows its rendered
// part and then its raw rest.
func (n *Node) Text() string {
	if n.Kind == "stream" {
		html, _ := n.Props["html"].(string)
		open, _ := n.Props["open"].(string)
		text, _ := n.Props["text"].(string)
		return strings.Join(strings.Fields(untag(html)+" "+untag(open)+text), " ")
	}
	for _, k := range []string{"html", "text", "label", "message", "code", "caption"} {
		if s, ok := n.Props[k].(string); ok {
			if k == "html" {
				s = untag(s)
			}
			return s
		}
	}
	return ""
}

// Value returns the node's "value" prop.
func (n *Node) Value() any { return n.Props["value"] }

// untag returns HTML's text.
func untag(html string) string {
	s := strings.TrimSpace(tags.ReplaceAllString(html, ""))
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
}

// copyPage copies n and what is below it, sharing the props, which apply
// replaces rather than changes.
func (n *Node) copyPage() *Node {
	out := *n
	out.Children = make([]*Node, len(n.Children))
	for i, c := range n.Children {
		out.Children[i] = c.copyPage()
	}
	return &out
}

// Texts returns the text of every element below n, in page order.
func (n *Node) Texts() []string {
	var out []string
	n.walk(func(c *Node) {
		if s := c.Text(); s != "" {
			out = append(out, s)
		}
	})
	return out
}
