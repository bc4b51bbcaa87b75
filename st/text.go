package st

import (
	"strings"
)

// The text elements read one option, [Ctx.UnsafeAllowHTML], which lets HTML
// in their Markdown through; Code reads [Ctx.Language].
var (
	title     = element{"title", "st.Title", false, takes(optUnsafeAllowHTML)}
	header    = element{"header", "st.Header", false, takes(optUnsafeAllowHTML)}
	subheader = element{"subheader", "st.Subheader", false, takes(optUnsafeAllowHTML)}
	markdown  = element{"markdown", "st.Markdown", false, takes(optUnsafeAllowHTML)}
	caption   = element{"caption", "st.Caption", false, takes(optUnsafeAllowHTML)}
	code      = element{"code", "st.Code", false, takes(optLanguage)}
	errorBox  = element{"error", "st.Error", false, takes(optUnsafeAllowHTML)}
	warning   = element{"warning", "st.Warning", false, takes(optUnsafeAllowHTML)}
	info      = element{"info", "st.Info", false, takes(optUnsafeAllowHTML)}
	success   = element{"success", "st.Success", false, takes(optUnsafeAllowHTML)}
)

// Title draws text (inline Markdown) as the page's title.
func (c *Ctx) Title(text string, opts ...Option) { c.heading(title, text, opts) }

// Header draws text (inline Markdown) as a section header.
func (c *Ctx) Header(text string, opts ...Option) { c.heading(header, text, opts) }

// Subheader draws text (inline Markdown) as a subsection header.
func (c *Ctx) Subheader(text string, opts ...Option) { c.heading(subheader, text, opts) }

func (c *Ctx) heading(e element, text string, opts []Option) {
	allowHTML, ok := c.checkText(e, opts)
	if !ok {
		return
	}
	md := c.run.Markdown()
	leafOf(c, e.kind, "", headingProps{md.HTML(text, allowHTML, true), md.Anchor(text)})
}

// Markdown draws text as CommonMark (with GitHub's tables and
// strikethrough). HTML in text shows as text unless [Ctx.UnsafeAllowHTML].
func (c *Ctx) Markdown(text string, opts ...Option) {
	c.markdown(markdown, text, opts)
}

// Caption draws text (Markdown) in small, muted type.
func (c *Ctx) Caption(text string, opts ...Option) { c.markdown(caption, text, opts) }

func (c *Ctx) markdown(e element, text string, opts []Option) {
	allowHTML, ok := c.checkText(e, opts)
	if !ok {
		return
	}
	leafOf(c, e.kind, "", htmlProps{c.blockHTML(text, allowHTML)})
}

// checkText is check for a text element, which reads one option,
// UnsafeAllowHTML. The config is in checkText's frame, gone before the
// element renders its Markdown: goldmark's calls go deep, and a config in
// the element's frame, some 750 bytes, made a run's stack grow one more
// time (copying it), which cost more than the config's allocation saved.
//
//go:noinline
func (c *Ctx) checkText(e element, opts []Option) (allowHTML, ok bool) {
	cfg, ok := c.check(e, "", opts)
	return cfg.allowHTML, ok
}

// blockHTML renders text as Markdown blocks for an html prop, without the
// newline that ends the last block: the page has no use for it, and JSON
// spells it in two bytes, on every paragraph of a page.
func (c *Ctx) blockHTML(text string, allowHTML bool) string {
	return strings.TrimSuffix(c.run.Markdown().HTML(text, allowHTML, false), "\n")
}

type htmlProps struct {
	HTML string `json:"html"`
}

// Text draws text as is, in a fixed-width font, without Markdown.
func (c *Ctx) Text(text string) {
	leafOf(c, "text", "", textProps{text})
}

// Code draws a block of source code. Its language is "go" unless
// [Ctx.Language] says otherwise.
func (c *Ctx) Code(source string, opts ...Option) {
	cfg, ok := c.check(code, "", opts)
	if !ok {
		return
	}
	lang := cfg.language
	if lang == "" {
		lang = "go"
	}
	leafOf(c, "code", "", codeProps{source, lang})
}

// Divider draws a horizontal rule.
func (c *Ctx) Divider() { c.run.AddLeaf(c.block, "divider", "", nil) }

// Error draws text (Markdown) in a red box.
func (c *Ctx) Error(text string, opts ...Option) { c.alert(errorBox, text, opts) }

// Warning draws text (Markdown) in a yellow box.
func (c *Ctx) Warning(text string, opts ...Option) { c.alert(warning, text, opts) }

// Info draws text (Markdown) in a blue box.
func (c *Ctx) Info(text string, opts ...Option) { c.alert(info, text, opts) }

// Success draws text (Markdown) in a green box.
func (c *Ctx) Success(text string, opts ...Option) { c.alert(success, text, opts) }

// alert draws an alert box; e.kind is its level.
func (c *Ctx) alert(e element, text string, opts []Option) {
	allowHTML, ok := c.checkText(e, opts)
	if !ok {
		return
	}
	leafOf(c, "alert", "", alertProps{e.kind, c.blockHTML(text, allowHTML)})
}
