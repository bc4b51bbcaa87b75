package st

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	goruntime "runtime"
	"slices"
	"strings"
	"unicode"

	"github.com/gost-dev/gost/internal/script"
)

var (
	pageElement = element{"page", "st.Page", false,
		takes(optPageTitle, optPageIcon, optURLPath, optDefault, optHidden, optSection, optLoginRequired, optAllowedRoles)}
	pageLink   = element{"page_link", "st.PageLink", true, takes(optPageIcon, optHelp, optDisabled)}
	navigation = element{"nav", "st.Navigation", false, takes(optPage, optPosition)}
)

// A Page is one page of a multipage app: a function that draws it, with a
// title, an icon and a URL path. Make pages with [Ctx.Page], hand them to
// [Ctx.Navigation], and run the one it returns.
//
// A Page is an [Option] of [Ctx.Navigation] only, so that the pages and
// [Ctx.Position] go into one call, as in Streamlit's st.navigation(pages,
// position="top"); any other call refuses it.
type Page struct {
	fn  func(*Ctx)
	cfg shellConfig
	err error
	c   *Ctx // the run Navigation chose the page in
}

// apply marks the call as given a page. Navigation reads its pages from
// its arguments: collect, which keeps no Option, only notes the bit.
func (p *Page) apply(c *config) { c.set.add(optPage) }

// Position sets where [Ctx.Navigation] draws the navigation: "sidebar"
// (the default), "top", a row where Navigation is called, usually at the
// top of the page, or "hidden", none, for an app that links its pages
// itself with [Ctx.PageLink].
func (*Ctx) Position(where string) Option {
	return option{optPosition, func(c *config) {
		if where != "sidebar" && where != "top" && where != "hidden" {
			c.err = fmt.Errorf("Position(%q): want \"sidebar\", \"top\" or \"hidden\"", where)
		}
		c.position = where
	}}
}

// Page declares a page of the app, like Streamlit's st.Page: fn draws it.
// Its options:
//   - [Ctx.PageTitle]: its name in the navigation and the browser's tab;
//     without it, fn's name (salesReport is "Sales report").
//   - [Ctx.PageIcon]: an emoji shown before the title.
//   - [Ctx.URLPath]: its address under the app's, /reports for "reports";
//     without it, fn's name (salesReport is sales_report).
//   - [Ctx.Default]: the page at the app's own address (without it, the
//     first page is).
//   - [Ctx.Section]: the heading it is listed under in the navigation.
//   - [Ctx.Hidden]: left out of the navigation, still reachable by its
//     address, [Ctx.SwitchPage] and [Ctx.PageLink].
//   - [Ctx.LoginRequired]: shown, listed and run only for a logged-in
//     user ([Ctx.User]); others are asked to log in.
//   - [Ctx.AllowedRoles]: shown, listed and run only for a user with one
//     of the roles; others are told they are not allowed.
func (c *Ctx) Page(fn func(*Ctx), opts ...Option) *Page {
	var cfg config
	err := pageElement.collect(opts, &cfg)
	p := &Page{fn: fn, cfg: cfg.shell, err: err}
	if fn == nil && err == nil {
		p.err = errors.New("the page's function is nil")
	}
	if err != nil || fn == nil {
		return p
	}
	name := funcName(fn)
	if p.cfg.urlPath == "" && !cfg.set.has(optURLPath) {
		if name == "" {
			p.err = errors.New("the page's function has no name (a func literal): give the page st.URLPath and st.PageTitle")
			return p
		}
		p.cfg.urlPath = snake(name)
	}
	if p.cfg.title == "" {
		if name == "" {
			name = p.cfg.urlPath
		}
		p.cfg.title = titleOf(name)
	}
	if err := checkURLPath(p.cfg.urlPath); err != nil {
		p.err = err
	}
	return p
}

// Title returns the page's title.
func (p *Page) Title() string { return p.cfg.title }

// Icon returns the page's icon.
func (p *Page) Icon() string { return p.cfg.icon }

// URLPath returns the page's URL path, the argument [Ctx.SwitchPage] and
// [Ctx.PageLink] take.
func (p *Page) URLPath() string { return p.cfg.urlPath }

// Run draws the page, like Streamlit's page.run(). Only the page
// [Ctx.Navigation] returned can run: for another, Run does nothing.
func (p *Page) Run() {
	if p == nil || p.c == nil || p.fn == nil {
		return
	}
	// The widgets the page draws without a key are the page's own: another
	// page's widget of the same kind and label is another widget, and one
	// the page drew is forgotten once a run does not draw it (a switch to
	// another page), as every widget not drawn is.
	defer p.c.run.Scope(p.c.run.Scope(p.cfg.urlPath))
	p.fn(p.c)
}

// funcName is the name a func was declared with, "" for a func literal.
func funcName(fn func(*Ctx)) string {
	f := goruntime.FuncForPC(reflect.ValueOf(fn).Pointer())
	if f == nil {
		return ""
	}
	name := strings.TrimSuffix(f.Name(), "-fm") // a method value
	name = name[strings.LastIndexByte(name, '.')+1:]
	if anonymous.MatchString(name) {
		return ""
	}
	return name
}

var anonymous = regexp.MustCompile(`^(func|glob\.func)\d+$`)

// snake spells a Go name as Python's are, in which Streamlit infers a
// page's URL path: salesReport is sales_report.
func snake(name string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range name {
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
		prev = r
	}
	return b.String()
}

// titleOf makes a title of a function's name: salesReport and
// sales_report are "Sales report".
func titleOf(name string) string {
	r := []rune(strings.ReplaceAll(snake(name), "_", " "))
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// URLPath sets a page's address under the app's: "reports" is /reports.
// It is one path segment of letters, digits, "-", "_" and ".".
func (*Ctx) URLPath(path string) Option {
	return stringOption{optURLPath, strings.Trim(path, "/")}
}

// Default makes a page the one at the app's own address when isDefault is
// true (Streamlit's default=True).
func (*Ctx) Default(isDefault bool) Option {
	return flagOf(optDefault, isDefault)
}

// Hidden leaves a page out of the navigation when hidden is true
// (Streamlit's visibility="hidden"); its address still opens it.
func (*Ctx) Hidden(hidden bool) Option {
	return flagOf(optHidden, hidden)
}

// Section lists a page under a heading in the navigation, as the keys of
// the dict Streamlit's st.navigation takes do. Pages of a section are
// listed together, where its first page is.
func (*Ctx) Section(name string) Option {
	return stringOption{optSection, name}
}

// LoginRequired, when required is true, shows, lists and runs a page only
// for a logged-in user: others opening it are asked to log in.
func (*Ctx) LoginRequired(required bool) Option {
	return flagOf(optLoginRequired, required)
}

// AllowedRoles shows, lists and runs a page only for a logged-in user with
// at least one of roles ([User.HasRole]): the navigation leaves it out for
// anyone else, and its address shows them "not allowed", as
// [Ctx.RequireRole] does, with a button to log in to a logged-out user.
// It implies [Ctx.LoginRequired]. No roles is an error shown in the page.
//
//	st.Page(admin, st.AllowedRoles("admin", "auditor"))
func (*Ctx) AllowedRoles(roles ...string) Option {
	return option{optAllowedRoles, func(c *config) {
		if len(roles) == 0 || slices.Contains(roles, "") {
			c.err = fmt.Errorf("AllowedRoles(%q): want one or more roles, none empty", roles)
		}
		c.shell.roles = slices.Clone(roles)
	}}
}

// allows reports whether u may see a page of cfg.
func (cfg *shellConfig) allows(u User) bool {
	if !u.IsLoggedIn {
		return !cfg.login && cfg.roles == nil
	}
	return cfg.roles == nil || slices.ContainsFunc(cfg.roles, u.HasRole)
}

var urlPathRE = regexp.MustCompile(`^[\p{L}\p{N}-][\p{L}\p{N}_.-]*$`)

// reservedPaths are served by gost itself.
var reservedPaths = map[string]bool{"healthz": true, "oauth2callback": true, "auth": true}

func checkURLPath(path string) error {
	if !urlPathRE.MatchString(path) || reservedPaths[path] || strings.Contains(path, "..") {
		return fmt.Errorf("URL path %q: want one path segment of letters, digits, \"-\", \"_\" and \".\", not starting with \"_\" or \".\" (and not healthz, auth or oauth2callback, which gost serves)", path)
	}
	return nil
}

// navProps are the props of the "nav" element.
type navProps struct {
	Pages    []navPage `json:"pages"`
	Current  string    `json:"current"`            // the path of the page shown
	Position string    `json:"position,omitempty"` // "top"; absent: the sidebar
}

type navPage struct {
	Title   string `json:"title"`
	Icon    string `json:"icon,omitempty"`
	Path    string `json:"path"` // "" for the default page
	Section string `json:"section,omitempty"`
}

// Navigation declares the app's pages, made by [Ctx.Page], like
// Streamlit's st.navigation, draws the navigation in the sidebar (or where
// [Ctx.Position] says) and returns the page the browser's address asks
// for, to be run:
//
//	page := st.Navigation(
//		st.Page(home, st.PageTitle("Home"), st.PageIcon("🏠")),
//		st.Page(reports, st.Section("Reports")),
//	)
//	page.Run()
//
// Each page has its own address (/reports, under the base path too);
// links, back and forward move between pages without reloading the tab.
// Session state is shared by the pages; the values of a page's widgets
// without a [Ctx.Key] belong to it and start again from their defaults
// when the user comes back (those App draws around the pages keep theirs). The page's title and icon become the tab's
// ([Ctx.SetPageConfig] after Navigation overrides them).
//
// Call it once per run, first, so the navigation is at the top of the
// sidebar or the page. With one page to list (the others [Ctx.Hidden], or
// [Ctx.LoginRequired] or [Ctx.AllowedRoles] for a user not allowed),
// st.Position("hidden"), or showSidebarNavigation = false under [client]
// in config.toml, no navigation is drawn. An address no page has gives a "page not found"
// page; two pages with one URL path are an error shown in the page, and
// nothing runs.
func (c *Ctx) Navigation(pages ...Option) *Page {
	c.run.Check()
	shell := c.run.Shell()
	none := &Page{}
	cfg, ok := c.check(navigation, "", pages)
	if !ok {
		return none
	}
	var list []*Page
	for _, o := range pages {
		if p, ok := o.(*Page); ok {
			list = append(list, p)
		}
	}
	return c.navigate(shell, list, cfg.position)
}

func (c *Ctx) navigate(shell *script.Shell, pages []*Page, position string) *Page {
	none := &Page{}
	var def *Page
	byPath := map[string]*Page{}
	for i, p := range pages {
		if p == nil {
			c.Exception(fmt.Errorf("st.Navigation: page %d is nil", i+1))
			return none
		}
		if p.err != nil {
			name := fmt.Sprintf("%q", p.cfg.title)
			if p.cfg.title == "" {
				name = fmt.Sprintf("(page %d of st.Navigation)", i+1)
			}
			c.Exception(fmt.Errorf("st.Page %s: %w", name, p.err))
			return none
		}
		if q := byPath[p.cfg.urlPath]; q != nil {
			c.Exception(fmt.Errorf("st.Navigation: the pages %q and %q have the same URL path %q: give one of them another st.URLPath", q.cfg.title, p.cfg.title, p.cfg.urlPath))
			return none
		}
		byPath[p.cfg.urlPath] = p
		if p.cfg.isDefault {
			if def != nil {
				c.Exception(fmt.Errorf("st.Navigation: the pages %q and %q are both st.Default", def.cfg.title, p.cfg.title))
				return none
			}
			def = p
		}
	}
	if len(pages) == 0 {
		c.Exception(errors.New("st.Navigation: no pages"))
		return none
	}
	if def == nil {
		def = pages[0]
	}
	user := c.who()
	// The default page's address is the app's; its own path leads there too.
	path := shell.Path
	if path == def.cfg.urlPath {
		path = ""
	}
	cur := byPath[path]
	if path == "" {
		cur = def
	}
	refs := []script.PageRef{{Path: "", Own: def.cfg.urlPath, Title: def.cfg.title, Icon: def.cfg.icon}}
	nav := navProps{Current: path, Pages: []navPage{}}
	for _, p := range ordered(pages) {
		ref := script.PageRef{Path: p.cfg.urlPath, Own: p.cfg.urlPath, Title: p.cfg.title, Icon: p.cfg.icon}
		if p == def {
			ref.Path = ""
		} else {
			refs = append(refs, ref)
		}
		if !p.cfg.hidden && p.cfg.allows(user) {
			nav.Pages = append(nav.Pages, navPage{p.cfg.title, p.cfg.icon, ref.Path, p.cfg.section})
		}
	}
	shell.Pages = refs
	switch {
	case cur == nil:
		cur = &Page{fn: notFound(path, def), cfg: shellConfig{title: "Page not found"}}
	case cur.cfg.roles != nil && !cur.cfg.allows(user):
		cur = &Page{fn: notAllowed(user, cur.cfg.roles), cfg: shellConfig{title: cur.cfg.title, icon: cur.cfg.icon}}
	case !cur.cfg.allows(user):
		cur = &Page{fn: loginFirst, cfg: shellConfig{title: cur.cfg.title, icon: cur.cfg.icon}}
	}
	shell.Page = &path
	shell.Config.Title, shell.Config.Icon = cur.cfg.title, cur.cfg.icon
	// One page to list needs no navigation (Streamlit's
	// mpa_v2_page_visibility_test), even on a hidden page.
	if len(nav.Pages) > 1 && showNavigation(c.run.Host()) {
		switch position {
		case "", "sidebar":
			c.Sidebar().add(navigation.kind, nav)
		case "top":
			nav.Position = "top"
			c.add(navigation.kind, nav)
		}
	}
	cur.c = c
	return cur
}

// showNavigation asks the runtime whether the app shows its navigation
// (config.toml's [client] showSidebarNavigation); a host that does not
// say, as a test harness's, shows it.
func showNavigation(h script.Host) bool {
	if n, ok := h.(interface{ ShowNavigation() bool }); ok {
		return n.ShowNavigation()
	}
	return true
}

// ordered lists pages with those of a section together, where the
// section's first page is.
func ordered(pages []*Page) []*Page {
	var out []*Page
	done := map[*Page]bool{}
	for _, p := range pages {
		if done[p] {
			continue
		}
		for _, q := range pages {
			if q.cfg.section == p.cfg.section && !done[q] && (q == p || p.cfg.section != "") {
				out = append(out, q)
				done[q] = true
			}
		}
	}
	return out
}

func notFound(path string, def *Page) func(*Ctx) {
	return func(c *Ctx) {
		c.Header("Page not found")
		c.Text("This app has no page at /" + path + ".")
		c.PageLink("", "Go to "+def.cfg.title, c.PageIcon(def.cfg.icon))
	}
}

// notAllowed is the page a user without roles sees in the place of one
// for roles.
func notAllowed(u User, roles []string) func(*Ctx) {
	return func(c *Ctx) {
		c.Error(whyNotAllowed(u, roles))
		if !u.IsLoggedIn {
			c.Button("Log in", c.OnClick(c.Login))
		}
	}
}

func loginFirst(c *Ctx) {
	c.Header("Log in to see this page")
	c.Button("Log in", c.OnClick(c.Login))
}

// SwitchPage goes to the page with the given URL path ("" for the default
// page), like Streamlit's st.switch_page: the run stops, the address
// changes with a new history entry (back returns), and the app runs again
// on that page. Its query parameters are dropped, as a link to the page
// would have none. A path no page of the last [Ctx.Navigation] has is an
// error shown in the page.
func (c *Ctx) SwitchPage(urlPath string) {
	c.run.Check()
	shell := c.run.Shell()
	path, err := findPage(shell, urlPath)
	if err != nil {
		c.Exception(fmt.Errorf("st.SwitchPage: %w", err))
		return
	}
	shell.Path, shell.Push = path, true
	c.run.SetQuery("")
	c.Rerun()
}

// findPage returns the address of the page with urlPath.
func findPage(shell *script.Shell, urlPath string) (string, error) {
	urlPath = strings.Trim(urlPath, "/")
	if shell.Page == nil {
		return "", errors.New("the app has no pages: call st.Navigation first")
	}
	var paths []string
	for _, p := range shell.Pages {
		if p.Path == urlPath || p.Own == urlPath {
			return p.Path, nil
		}
		paths = append(paths, fmt.Sprintf("%q", p.Path))
	}
	return "", fmt.Errorf("no page has the URL path %q; the pages are %s", urlPath, strings.Join(paths, ", "))
}

// PageLink draws a link to a page of the app ("" is the default page),
// like Streamlit's st.page_link; label "" is the page's title. It moves
// to the page as the navigation does, without reloading the tab. A link
// to http:// or https:// opens that address in a new tab instead.
// Options: [Ctx.PageIcon], [Ctx.Help], [Ctx.Disabled].
func (c *Ctx) PageLink(urlPath, label string, opts ...Option) {
	cfg, ok := c.check(pageLink, label, opts)
	if !ok {
		return
	}
	props := struct {
		widgetProps
		Icon     string `json:"icon,omitempty"`
		Path     string `json:"path"`
		External bool   `json:"external,omitempty"`
		Current  bool   `json:"current,omitempty"`
	}{widgetProps: base(label, cfg), Icon: cfg.shell.icon}
	lower := strings.ToLower(urlPath)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		props.Path, props.External = urlPath, true
	} else {
		shell := c.run.Shell()
		path, err := findPage(shell, urlPath)
		if err != nil {
			c.fail(pageLink, label, err)
			return
		}
		props.Path = path
		props.Current = shell.Page != nil && *shell.Page == path
		for _, p := range shell.Pages {
			if p.Path == path {
				if props.Label == "" {
					props.Label = p.Title
				}
				if props.Icon == "" {
					props.Icon = p.Icon
				}
			}
		}
	}
	if props.Label == "" {
		props.Label = urlPath
	}
	c.add(pageLink.kind, props)
}
