package st

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// shellConfig holds the options of the app shell: of st.SetPageConfig and
// st.Page.
type shellConfig struct {
	title, icon, layout, sidebar string
	urlPath, section             string
	isDefault, hidden, login     bool
	roles                        []string // a page's AllowedRoles
}

var pageConfig = element{"page_config", "st.SetPageConfig", false, takes(optPageTitle, optPageIcon, optLayout, optInitialSidebarState)}

// SetPageConfig sets how the browser shows the app, like Streamlit's
// st.set_page_config: the tab's title ([Ctx.PageTitle]) and icon
// ([Ctx.PageIcon]), the width of the main column ([Ctx.Layout]) and
// whether the sidebar starts open ([Ctx.InitialSidebarState]).
//
//	st.SetPageConfig(st.PageTitle("Sales"), st.PageIcon("📈"), st.Layout("wide"))
//
// It may be called anywhere in App and more than once: each call sets the
// options it is given, and the page keeps them until a later call changes
// them. [Ctx.Navigation] sets the title and icon of the page it runs, so a
// SetPageConfig after it wins. A wrong value is an error shown in the page,
// and the config is left as it was.
func (c *Ctx) SetPageConfig(opts ...Option) {
	c.run.Check()
	cfg, ok := c.check(pageConfig, "", opts)
	if !ok {
		return
	}
	pc := &c.run.Shell().Config
	if cfg.set.has(optPageTitle) {
		pc.Title = cfg.shell.title
	}
	if cfg.set.has(optPageIcon) {
		pc.Icon = cfg.shell.icon
	}
	if cfg.set.has(optLayout) {
		pc.Layout = cfg.shell.layout
	}
	if cfg.set.has(optInitialSidebarState) {
		pc.Sidebar = cfg.shell.sidebar
	}
}

// PageTitle sets the title of the browser's tab ([Ctx.SetPageConfig]) or
// of a page in the navigation ([Ctx.Page]).
func (*Ctx) PageTitle(title string) Option {
	return stringOption{optPageTitle, title}
}

// PageIcon sets the icon of the browser's tab ([Ctx.SetPageConfig]), of a
// page in the navigation ([Ctx.Page]) or of a page link ([Ctx.PageLink]):
// an emoji such as "📈", or an image's URL (http://, https:// or a path on
// this server).
func (*Ctx) PageIcon(icon string) Option {
	v, err := checkIcon(icon)
	return option{optPageIcon, func(c *config) {
		if err != nil {
			c.err = fmt.Errorf("PageIcon(%q): %w", icon, err)
		}
		c.shell.icon = v
	}}
}

// maxEmoji is the most bytes an emoji icon may have: the longest emoji
// sequences (families, flags with tags) are under 30.
const maxEmoji = 32

func checkIcon(icon string) (string, error) {
	if icon == "" {
		return "", nil
	}
	if strings.ContainsAny(icon, "/:") {
		return webURL(icon)
	}
	if len(icon) > maxEmoji || utf8.RuneCountInString(icon) > 8 || strings.ContainsAny(icon, "<>&\"' \t\n") {
		return "", errors.New("want an emoji, or an image's URL (http://, https:// or a path starting with /)")
	}
	return icon, nil
}

// Layout sets how wide the main column is ([Ctx.SetPageConfig]):
// "centered" (the default), a column of reading width, or "wide", the
// whole window.
func (*Ctx) Layout(layout string) Option {
	return option{optLayout, func(c *config) {
		if layout != "centered" && layout != "wide" {
			c.err = fmt.Errorf("Layout(%q): want \"centered\" or \"wide\"", layout)
		}
		c.shell.layout = layout
	}}
}

// InitialSidebarState sets whether the sidebar starts open
// ([Ctx.SetPageConfig]): "expanded", "collapsed", or "auto" (the default),
// which is open but on narrow screens.
func (*Ctx) InitialSidebarState(state string) Option {
	return option{optInitialSidebarState, func(c *config) {
		if state != "auto" && state != "expanded" && state != "collapsed" {
			c.err = fmt.Errorf("InitialSidebarState(%q): want \"auto\", \"expanded\" or \"collapsed\"", state)
		}
		c.shell.sidebar = state
	}}
}
