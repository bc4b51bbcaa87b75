package st

import (
	"fmt"
	"strings"
	"time"

	"github.com/gost-dev/gost/internal/script"
)

// An Option sets one optional argument of an element or widget, the way a
// keyword argument does in Streamlit: st.Button("Go", st.Key("go"),
// st.OnClick(save)). Options are made by methods of [Ctx], so they are at
// hand inside App, where the parameter st shadows this package.
//
// Each element reads the options its documentation lists. An option it
// does not read, as st.Button("Go", st.Width(3)), is a mistake, and so is
// a [Ctx.Value] of the wrong type or an [Ctx.Index] outside the choices:
// the element is not drawn, and an exception in its place names the call
// and the option, as Streamlit raises for an unknown keyword argument.
//
// A boolean option takes its bool, as every one of Streamlit's does
// (disabled=True, border=True): st.Primary(true), st.Disabled(!ready).
type Option interface {
	apply(*config)
}

// An opt is one option: its index in optionNames and its bit in an
// optionSet.
type opt uint8

// The options, in the order their names are listed in messages.
const (
	optKey opt = iota
	optHelp
	optDisabled
	optValue
	optIndex
	optMin
	optMax
	optStep
	optMinDate
	optMaxDate
	optPlaceholder
	optMaxChars
	optPassword
	optPrimary
	optHorizontal
	optOnClick
	optOnChange
	optMIME
	optCaptioned
	optWidth
	optBorder
	optExpanded
	optClearOnSubmit
	optLanguage
	optUnsafeAllowHTML
	optX
	optY
	optDelta
	optDeltaColor
	optColor
	optSize
	optPageTitle
	optPageIcon
	optLayout
	optInitialSidebarState
	optURLPath
	optDefault
	optHidden
	optSection
	optLoginRequired
	optQueryParam
	optPage
	optPosition
	optType
	optAcceptMultipleFiles
	optStartTime
	optLoop
	optAutoplay
	optMuted
	optFormatFunc
	optLabelVisibility
	optHeight
	optDismissible
	optOnDismiss
	optAvatar
	optIcon
	optOnSubmit
	optEvery
	optScope
	optColumnConfig
	optOnSelect
	optSelectionMode
	optNumRows
	optAllowedRoles
)

// optionNames are the options' names, as an app writes them, by bit.
var optionNames = [...]string{
	"Key", "Help", "Disabled", "Value", "Index", "Min", "Max", "Step", "MinDate", "MaxDate",
	"Placeholder", "MaxChars", "Password", "Primary", "Horizontal", "OnClick", "OnChange",
	"MIME", "Captioned", "Width", "Border", "Expanded", "ClearOnSubmit", "Language",
	"UnsafeAllowHTML", "X", "Y", "Delta", "DeltaColor", "Color", "Size",
	"PageTitle", "PageIcon", "Layout", "InitialSidebarState", "URLPath", "Default", "Hidden",
	"Section", "LoginRequired", "QueryParam", "Page", "Position",
	"Type", "AcceptMultipleFiles", "StartTime", "Loop", "Autoplay", "Muted",
	"FormatFunc", "LabelVisibility", "Height", "Dismissible", "OnDismiss", "Avatar", "Icon", "OnSubmit",
	"Every", "Scope",
	"ColumnConfig", "OnSelect", "SelectionMode", "NumRows",
	"AllowedRoles",
}

// optionSet holds one bit per option: the options a call set, or those an
// element reads. Two words hold 128 options; more than one word, because
// the options outgrew 64.
type optionSet [2]uint64

// An optionSet must have a bit for every option.
const _ = uint(len(optionSet{})*64 - len(optionNames))

// takes is the set of opts, as an element declares the options it reads.
func takes(opts ...opt) optionSet {
	return optionSet{}.with(opts...)
}

// with returns s and opts.
func (s optionSet) with(opts ...opt) optionSet {
	for _, o := range opts {
		s.add(o)
	}
	return s
}

// without returns s but opts.
func (s optionSet) without(opts ...opt) optionSet {
	for _, o := range opts {
		s[o/64] &^= 1 << (o % 64)
	}
	return s
}

// add puts o in s.
func (s *optionSet) add(o opt) { s[o/64] |= 1 << (o % 64) }

// has reports whether o is in s.
func (s optionSet) has(o opt) bool { return s[o/64]&(1<<(o%64)) != 0 }

// minus returns the options of s that are not in t.
func (s optionSet) minus(t optionSet) optionSet {
	for i := range s {
		s[i] &^= t[i]
	}
	return s
}

// names lists the options of s by name, in the order of optionNames.
func (s optionSet) names() []string {
	var out []string
	for i, name := range optionNames {
		if s.has(opt(i)) {
			out = append(out, name)
		}
	}
	return out
}

// name is o's name, as an app writes it.
func (o opt) name() string { return optionNames[o] }

// widgetOptions are the options every widget reads; buttons, which have
// no label above them, all but LabelVisibility.
var (
	widgetOptions = takes(optKey, optHelp, optDisabled, optLabelVisibility)
	buttonOptions = widgetOptions.without(optLabelVisibility)
)

// An element is what the option check knows of one call: the kind of its
// node, its name as an app writes it, whether its first argument is a
// label that messages name, and the options it reads. Each element
// declares its own next to its method.
type element struct {
	kind    string
	name    string // "st.Checkbox"
	labeled bool
	takes   optionSet
}

// config collects the options of one call.
type config struct {
	set                              optionSet // the options the call passed
	key, help, placeholder, language string
	disabled, primary, password      bool
	horizontal, border, allowHTML    bool
	clearOnSubmit                    bool
	expanded                         *bool
	value                            any
	index                            *int
	min, max, step                   float64 // when set has optMin, optMax, optStep
	minDate, maxDate                 *time.Time
	maxChars                         int
	x                                string
	y                                []string
	color                            []string
	size                             any
	delta                            any    // a metric's change
	deltaColor                       string // what a metric's change means
	mime                             string // a download's media type
	caption                          string // shown under an image
	width                            int    // an image's width in pixels; 0: its own
	height                           int    // an iframe's height in pixels
	format                           func(string) string
	labelVisibility                  string
	notDismissible                   bool
	avatar, icon                     string        // a chat message's avatar; a toast's icon
	every                            time.Duration // a fragment's timer
	scope                            string        // what st.Rerun reruns
	onClick, onChange                *script.Callback
	shell                            shellConfig // the page options (page.go, navigation.go)
	position                         string      // where st.Navigation draws
	queryParam                       string      // the query parameter a widget follows (query.go)
	table                            tableConfig // a dataframe's or data editor's (column.go)
	err                              error       // an option that could not be made

	types    []string     // a file uploader's accepted types
	multiple bool         // a file uploader takes several files
	media    mediaOptions // st.Audio's and st.Video's
}

// refuse says what is wrong with the options cfg holds for a call to e:
// an option e does not read, or one that could not be made.
func (e element) refuse(cfg *config) error {
	if extra := cfg.set.minus(e.takes); extra != (optionSet{}) {
		names := extra.names()
		what := "option " + names[0] + " does not apply"
		if len(names) > 1 {
			what = "options " + strings.Join(names, ", ") + " do not apply"
		}
		if e.takes == (optionSet{}) {
			return fmt.Errorf("%s (%s takes no options)", what, e.name)
		}
		return fmt.Errorf("%s (%s takes %s)", what, e.name, strings.Join(e.takes.names(), ", "))
	}
	return cfg.err
}

// fail shows err as an exception in the place of a call to e, prefixed
// the one way every st message is: st.Checkbox "Accept": ….
func (c *Ctx) fail(e element, label string, err error) {
	c.Exception(callError(e.name, e.labeled, label, err))
}

// callName is the name an app calls a widget kind by: "number_input" is
// st.NumberInput.
func callName(kind string) string {
	var b strings.Builder
	b.WriteString("st.")
	for _, word := range strings.Split(kind, "_") {
		if word != "" {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

func callError(name string, labeled bool, label string, err error) error {
	if labeled {
		return fmt.Errorf("%s %q: %w", name, label, err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// check collects and checks the options of a call to e; on a mistake it
// shows it in the element's place and returns false. The config is the
// caller's to read until it returns, and nothing's after: check is small
// enough to be inlined, so that the config is a variable of the caller's
// frame, not an allocation, as long as nothing keeps a pointer to it.
// Nested calls (an element that draws another) each have their own. Its
// cost is just within the inliner's budget (go build -gcflags=-m=2 says
// it): TestOptionsCostNoConfigAllocation fails when it is no longer.
func (c *Ctx) check(e element, label string, opts []Option) (*config, bool) {
	if len(opts) == 0 {
		return &noOptions, true
	}
	cfg := new(config)
	return cfg, c.checked(e, label, opts, cfg)
}

// checked is check's part that is not inlined.
func (c *Ctx) checked(e element, label string, opts []Option, cfg *config) bool {
	if err := e.collect(opts, cfg); err != nil {
		c.fail(e, label, err)
		return false
	}
	return true
}

// valueOf returns the call's [Ctx.Value] as a T, or T's zero value when
// the call has none. A value of another type is an error saying want.
func valueOf[T any](cfg *config, want string) (T, bool, error) {
	var zero T
	if !cfg.set.has(optValue) {
		return zero, false, nil
	}
	v, ok := cfg.value.(T)
	if !ok {
		return zero, false, fmt.Errorf("Value(%#v) is a %T; want %s", cfg.value, cfg.value, want)
	}
	return v, true, nil
}

// Key gives a widget its identity, instead of its kind and label, and makes
// its value readable and writable in [Ctx.SessionState] under key.
func (*Ctx) Key(key string) Option {
	return stringOption{optKey, key}
}

// Help adds a tooltip to a widget.
func (*Ctx) Help(text string) Option {
	return stringOption{optHelp, text}
}

// Disabled greys a widget out when disabled is true.
func (*Ctx) Disabled(disabled bool) Option {
	return flagOf(optDisabled, disabled)
}

// Value sets a widget's default value, the one it has until the user
// changes it: a bool for a checkbox or toggle, a string for a text input or
// text area, a number for a number input or slider, one of the choices for
// a selectbox, radio, select slider, pills or segmented control, a
// []string of them for a multiselect, a time.Time for a date or time
// input, a [2]float64 for a range slider, a [2]time.Time for a date range
// input, "#rrggbb" for a colour picker, a T for a [Component]. A value of
// another type is an error shown in the page.
func (*Ctx) Value(v any) Option {
	return anyOption{optValue, v}
}

// Index sets which choice a selectbox or radio starts on, from 0; -1 for
// none. An index outside the choices is an error shown in the page.
func (*Ctx) Index(i int) Option {
	return option{optIndex, func(c *config) { c.index = &i }}
}

// Min sets the smallest value of a number input. (A slider's bounds are
// arguments of [Ctx.Slider].)
func (*Ctx) Min(v float64) Option {
	return floatOption{optMin, v}
}

// Max sets the largest value of a number input.
func (*Ctx) Max(v float64) Option {
	return floatOption{optMax, v}
}

// Step sets the step of a number input, slider or range slider, and of a
// time input in seconds.
func (*Ctx) Step(v float64) Option {
	return floatOption{optStep, v}
}

// Placeholder sets the text an empty input shows.
func (*Ctx) Placeholder(text string) Option {
	return stringOption{optPlaceholder, text}
}

// MaxChars limits the length of a text input or text area.
func (*Ctx) MaxChars(n int) Option {
	return intOption{optMaxChars, n}
}

// Password makes a text input hide what is typed when password is true
// (Streamlit's type="password").
func (*Ctx) Password(password bool) Option {
	return flagOf(optPassword, password)
}

// Primary makes a button the prominent one when primary is true
// (Streamlit's type="primary").
func (*Ctx) Primary(primary bool) Option {
	return flagOf(optPrimary, primary)
}

// MIME sets the media type of a download button's file, such as
// "text/csv"; without it, the type comes from the file name's extension.
// For [Ctx.Audio] and [Ctx.Video] it names the format (Streamlit's
// format=), such as "audio/mpeg"; without it, the bytes tell.
func (*Ctx) MIME(mediaType string) Option {
	return stringOption{optMIME, mediaType}
}

// Captioned puts text under an image, as its caption and its alternative
// text (Streamlit's caption=). It is shown as written, never as Markdown or
// HTML.
func (*Ctx) Captioned(text string) Option {
	return stringOption{optCaptioned, text}
}

// Width sets how wide an image or a dataframe is shown, in CSS pixels; it
// never grows wider than its column. Without it, or with 0, an image has
// its own width, shrunk to fit the column, and a dataframe its column's.
// It also sets the width of an iframe (default: its column's) and of a
// dialog (default 672, never wider than the window).
func (*Ctx) Width(px int) Option {
	return intOption{optWidth, px}
}

// Horizontal lays a radio's options out in a row when horizontal is true.
func (*Ctx) Horizontal(horizontal bool) Option {
	return flagOf(optHorizontal, horizontal)
}

// ClearOnSubmit, when clear is true, makes a form's widgets go back to
// their defaults once the form is submitted (Streamlit's
// clear_on_submit=True).
func (*Ctx) ClearOnSubmit(clear bool) Option {
	return flagOf(optClearOnSubmit, clear)
}

// Border draws a border around a container when border is true.
func (*Ctx) Border(border bool) Option {
	return flagOf(optBorder, border)
}

// Expanded sets whether an expander or a JSON tree starts open.
func (*Ctx) Expanded(open bool) Option {
	return option{optExpanded, func(c *config) { c.expanded = &open }}
}

// Language sets the language of a code block (default "go").
func (*Ctx) Language(lang string) Option {
	return stringOption{optLanguage, lang}
}

// X names the column a line or bar chart draws along the x axis; without
// it, x is the row index 0, 1, 2, ….
func (*Ctx) X(column string) Option {
	return stringOption{optX, column}
}

// Y names the columns a line or bar chart draws, one series each; without
// it, every numeric column but x is drawn.
func (*Ctx) Y(columns ...string) Option {
	return option{optY, func(c *config) { c.y = columns }}
}

// UnsafeAllowHTML, when allow is true, lets Markdown pass raw HTML through
// to the page. Without it, HTML in the text shows as text. Only use it for
// HTML you wrote: HTML from users can take over the page.
func (*Ctx) UnsafeAllowHTML(allow bool) Option {
	return flagOf(optUnsafeAllowHTML, allow)
}

// OnClick runs fn(args...) when the button is clicked, before App runs again.
// fn is any function; args must match its parameters.
//
//	st.Button("Log in", st.OnClick(st.Login))
//	st.Button("Add 5", st.OnClick(add, 5))
func (*Ctx) OnClick(fn any, args ...any) Option {
	return callbackOption(optOnClick, fn, args, func(c *config, cb *script.Callback) { c.onClick = cb })
}

// OnChange runs fn(args...) when the widget's value changes, before App
// runs again. fn is any function; args must match its parameters.
func (*Ctx) OnChange(fn any, args ...any) Option {
	return callbackOption(optOnChange, fn, args, func(c *config, cb *script.Callback) { c.onChange = cb })
}

// OnSubmit runs fn(args...) when text is sent from a chat input, before
// App runs again. fn is any function; args must match its parameters.
func (*Ctx) OnSubmit(fn any, args ...any) Option {
	return callbackOption(optOnSubmit, fn, args, func(c *config, cb *script.Callback) { c.onChange = cb })
}

// Avatar sets the picture of a chat message: an emoji (or any short text),
// or the URL of an image (http://, https:// or a path on this server).
// Without it, "user" and "assistant" have their icons and other roles
// their initial.
func (*Ctx) Avatar(avatar string) Option {
	return stringOption{optAvatar, avatar}
}

// Icon sets the icon of a toast or a status: an emoji, such as "🎉".
func (*Ctx) Icon(icon string) Option {
	return stringOption{optIcon, icon}
}

func callbackOption(bit opt, fn any, args []any, set func(*config, *script.Callback)) Option {
	cb, err := script.NewCallback(fn, args...)
	if err != nil {
		err = fmt.Errorf("%s: %w", bit.name(), err)
	}
	return option{bit, func(c *config) {
		if err != nil {
			c.err = err
			return
		}
		set(c, &cb)
	}}
}

// FormatFunc sets how a choice widget shows each option: the widget shows
// format(option) and still returns, and keeps in the session state, the
// option itself (Streamlit's format_func). It runs on the server, in the
// run that draws the widget.
//
//	st.Selectbox("Country", codes, st.FormatFunc(countryName))
func (*Ctx) FormatFunc(format func(option string) string) Option {
	return option{optFormatFunc, func(c *config) { c.format = format }}
}

// LabelVisibility sets how a widget's label shows: "visible" (the
// default), "hidden" (its room is kept, so widgets in a row stay aligned)
// or "collapsed" (no room). Either way, screen readers still read it: a
// widget always has a label, as Streamlit asks.
func (*Ctx) LabelVisibility(v string) Option {
	return option{optLabelVisibility, func(c *config) {
		switch v {
		case "visible", "hidden", "collapsed":
			c.labelVisibility = v
		default:
			c.err = fmt.Errorf("LabelVisibility(%q): want \"visible\", \"hidden\" or \"collapsed\"", v)
		}
	}}
}

// Height sets the height of an iframe, of an HTML element or of an
// ECharts chart, in CSS pixels. Without it, st.HTML fits its content,
// st.Iframe is 150 pixels high, as a browser draws one, and st.ECharts 400.
func (*Ctx) Height(px int) Option {
	return option{optHeight, func(c *config) {
		if px < 0 {
			c.err = fmt.Errorf("Height(%d): want 0 (default) or more", px)
		}
		c.height = px
	}}
}

// Dismissible, when false, keeps the user from closing a dialog with Esc
// or its × button: only the app closes it (Streamlit's dismissible=False).
func (*Ctx) Dismissible(dismissible bool) Option {
	return option{optDismissible, func(c *config) { c.notDismissible = !dismissible }}
}

// OnDismiss runs fn(args...) when the user closes a dialog (Esc, its ×,
// a click beside it), before App runs again: Streamlit's on_dismiss. A
// dialog the app closes does not call it.
func (*Ctx) OnDismiss(fn any, args ...any) Option {
	return callbackOption(optOnDismiss, fn, args, func(c *config, cb *script.Callback) { c.onChange = cb })
}

// formatted returns what a choice widget shows for choices: each option
// through the call's FormatFunc, or the options as they are.
func (cfg *config) formatted(choices []string) []string {
	if cfg.format == nil {
		return nonNil(choices)
	}
	out := make([]string, len(choices))
	for i, s := range choices {
		out[i] = cfg.format(s)
	}
	return out
}
