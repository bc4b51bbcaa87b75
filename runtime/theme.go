package runtime

import (
	"fmt"
	"regexp"
	"strings"
)

// Theme is the [theme] section of config.toml, as Streamlit spells it.
// The zero value is gost's built-in themes: light and dark, following the
// system's setting until the user picks one in the app menu.
//
// The colours apply to the Base theme (light unless Base says dark); the
// other one stays as built in, so a user who prefers it still has it.
type Theme struct {
	Base                     string `toml:"base" json:"base,omitempty"` // "light" or "dark": the theme the page starts in and the colours change
	PrimaryColor             string `toml:"primaryColor" json:"primaryColor,omitempty"`
	BackgroundColor          string `toml:"backgroundColor" json:"backgroundColor,omitempty"`
	SecondaryBackgroundColor string `toml:"secondaryBackgroundColor" json:"secondaryBackgroundColor,omitempty"`
	TextColor                string `toml:"textColor" json:"textColor,omitempty"`
	LinkColor                string `toml:"linkColor" json:"linkColor,omitempty"`
	BorderColor              string `toml:"borderColor" json:"borderColor,omitempty"`
	// Font is "sans serif", "serif", "monospace", or a CSS font family.
	Font string `toml:"font" json:"font,omitempty"`
	// BaseRadius is how round corners are: "none", "small", "medium",
	// "large", "full", or a CSS length such as "0.5rem" or "6px".
	BaseRadius string `toml:"baseRadius" json:"baseRadius,omitempty"`
}

// A colour is what config.toml's colours may be: hex, rgb() and hsl()
// with or without alpha, or one of CSS's colour names (Streamlit's own
// example says backgroundColor = "black").
var (
	hexColour  = regexp.MustCompile(`^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)
	funcColour = regexp.MustCompile(`^(rgb|rgba|hsl|hsla)\(\s*[0-9.%deg]+(\s*[, ]\s*[0-9.%]+){2}(\s*[,/]\s*[0-9.%]+)?\s*\)$`)
	cssLength  = regexp.MustCompile(`^[0-9]*\.?[0-9]+(px|rem|em)$`)
	fontFamily = regexp.MustCompile(`^[\p{L}\p{N} ,"'_-]+$`)
)

// check says which field of t is not what it should be.
func (t Theme) check() error {
	if t.Base != "" && t.Base != "light" && t.Base != "dark" {
		return fmt.Errorf("runtime: [theme] base = %q: want \"light\" or \"dark\"", t.Base)
	}
	for _, c := range []struct{ name, v string }{
		{"primaryColor", t.PrimaryColor}, {"backgroundColor", t.BackgroundColor},
		{"secondaryBackgroundColor", t.SecondaryBackgroundColor}, {"textColor", t.TextColor},
		{"linkColor", t.LinkColor}, {"borderColor", t.BorderColor},
	} {
		if c.v != "" && !hexColour.MatchString(c.v) && !funcColour.MatchString(c.v) && !colourNames[strings.ToLower(c.v)] {
			return fmt.Errorf("runtime: [theme] %s = %q is not a colour: want #rgb, #rrggbb, rgb(…), hsl(…) or a CSS colour name", c.name, c.v)
		}
	}
	if t.Font != "" && !fontFamily.MatchString(t.Font) {
		return fmt.Errorf("runtime: [theme] font = %q: want \"sans serif\", \"serif\", \"monospace\" or a font family's name", t.Font)
	}
	switch t.BaseRadius {
	case "", "none", "small", "medium", "large", "full":
	default:
		if !cssLength.MatchString(t.BaseRadius) {
			return fmt.Errorf("runtime: [theme] baseRadius = %q: want none, small, medium, large, full or a length such as 0.5rem", t.BaseRadius)
		}
	}
	return nil
}

// theme returns the [theme] settings. A value that is not what its field
// wants is an error naming where it was set: a theme silently left out
// would look like a bug of the page.
func (s *settings) theme() (Theme, error) {
	var t Theme
	for _, k := range []struct {
		key string
		v   *string
		dst *string
	}{
		{"base", s.Theme.Base, &t.Base},
		{"primaryColor", s.Theme.PrimaryColor, &t.PrimaryColor},
		{"backgroundColor", s.Theme.BackgroundColor, &t.BackgroundColor},
		{"secondaryBackgroundColor", s.Theme.SecondaryBackgroundColor, &t.SecondaryBackgroundColor},
		{"textColor", s.Theme.TextColor, &t.TextColor},
		{"linkColor", s.Theme.LinkColor, &t.LinkColor},
		{"borderColor", s.Theme.BorderColor, &t.BorderColor},
		{"font", s.Theme.Font, &t.Font},
		{"baseRadius", s.Theme.BaseRadius, &t.BaseRadius},
	} {
		if k.v == nil || strings.TrimSpace(*k.v) == "" {
			continue
		}
		// The keys before this one passed, so an error is about this one
		// and names where it was set.
		*k.dst = *k.v
		if err := t.check(); err != nil {
			return Theme{}, fmt.Errorf("%s (in %s)", err, s.source("theme."+k.key))
		}
	}
	return Theme{}.over(t), nil
}

// over returns t with the fields u sets.
func (t Theme) over(u Theme) Theme {
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&t.Base, u.Base)
	set(&t.PrimaryColor, u.PrimaryColor)
	set(&t.BackgroundColor, u.BackgroundColor)
	set(&t.SecondaryBackgroundColor, u.SecondaryBackgroundColor)
	set(&t.TextColor, u.TextColor)
	set(&t.LinkColor, u.LinkColor)
	set(&t.BorderColor, u.BorderColor)
	set(&t.Font, u.Font)
	set(&t.BaseRadius, u.BaseRadius)
	return t
}

// applyTheme sets the [theme] and [client] settings.
func (s *Server) applyTheme(cfg *settings) error {
	t, err := cfg.theme()
	if err != nil {
		return err
	}
	s.shell.mu.Lock()
	s.shell.hideNav = !cfg.showNavigation()
	s.shell.mu.Unlock()
	return s.SetTheme(t)
}

// showNavigation is showSidebarNavigation under [client], as Streamlit
// reads it: false hides the navigation of every page (st.Navigation's
// position="hidden" for the whole app). It is true unless set.
func (s *settings) showNavigation() bool {
	return s.Client.ShowSidebarNavigation == nil || *s.Client.ShowSidebarNavigation
}

// colourNames are CSS's named colours (CSS Color Module Level 4).
var colourNames = func() map[string]bool {
	m := map[string]bool{}
	for _, name := range strings.Fields(namedColours) {
		m[name] = true
	}
	return m
}()

const namedColours = "" +
	"aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet " +
	"brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan " +
	"darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen " +
	"darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey " +
	"darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite " +
	"forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew " +
	"hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue " +
	"lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon " +
	"lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime " +
	"limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple " +
	"mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue " +
	"mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid " +
	"palegoldenrod palegreen paleturquoise palevioletred papayawhip peru pink plum powderblue purple " +
	"rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna " +
	"silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato " +
	"turquoise violet wheat white whitesmoke yellow yellowgreen "
