package main

// The app shell (issue 11, points 1, 4 and 5): the page config, the themes
// and the app menu, as a user meets them in chromium.

import (
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// The tab's title and icon follow st.SetPageConfig, as Streamlit's
// st_set_page_config_test checks; a wide layout uses the window, and a
// collapsed sidebar starts folded and opens with its toggle.
func TestPageConfigSetsTheTabAndTheLayout(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.SetPageConfig(st.PageTitle("Sales"), st.PageIcon("📈"), st.Layout("wide"), st.InitialSidebarState("collapsed"))
		st.Sidebar().Text("In the sidebar")
		st.Text("In the main column")
	})
	p.WaitFor("the tab's title", `document.title === "Sales"`)
	icon := browsertest.Eval[string](p, `document.querySelector("link[rel=icon]")?.href ?? ""`)
	svg, err := url.PathUnescape(strings.TrimPrefix(icon, "data:image/svg+xml,"))
	if !strings.HasPrefix(icon, "data:image/svg+xml,") || err != nil || !strings.Contains(svg, "📈") {
		t.Errorf("the tab's icon is %q, want an SVG data URL drawing 📈", icon)
	}
	if w := browsertest.Eval[float64](p, `document.querySelector("#main > .block").getBoundingClientRect().width`); w < 1000 {
		t.Errorf("the wide main column is %vpx wide in a 1280px window", w)
	}
	if browsertest.Eval[bool](p, `!!document.getElementById("sidebar").offsetParent`) {
		t.Error("the sidebar shows although its initial state is collapsed")
	}
	p.Exec(`document.getElementById("sidebar-toggle").click()`)
	p.WaitFor("the sidebar to open", `!!document.getElementById("sidebar").offsetParent`)
	p.WaitText("In the sidebar")
}

func TestPageConfigCenteredAndMistakes(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.SetPageConfig(st.PageTitle("Costs"))
		st.SetPageConfig(st.Layout("huge"))
		st.SetPageConfig(st.PageIcon("<b>"))
		st.SetPageConfig(st.Width(3))
	})
	p.WaitText(`st.SetPageConfig: Layout("huge"): want "centered" or "wide"`)
	p.WaitText(`st.SetPageConfig: PageIcon("<b>"): want an emoji`)
	p.WaitText(`option Width does not apply (st.SetPageConfig takes PageTitle, PageIcon, Layout, InitialSidebarState)`)
	p.WaitFor("the tab's title", `document.title === "Costs"`)
	if w := browsertest.Eval[float64](p, `document.querySelector("#main > .block").getBoundingClientRect().width`); w > 800 {
		t.Errorf("the centered main column is %vpx wide", w)
	}
}

// bodyColours returns the page's computed background and text colours.
func bodyColours(p *browsertest.Page) string {
	return browsertest.Eval[string](p, `(() => { const s = getComputedStyle(document.body); return s.backgroundColor + " " + s.color; })()`)
}

func chooseTheme(p *browsertest.Page, mode string) {
	p.Click("⋮")
	p.Click(mode)
}

const (
	lightColours = "rgb(255, 255, 255) rgb(49, 51, 63)"
	darkColours  = "rgb(14, 17, 23) rgb(250, 250, 250)"
)

// The page follows the system's theme until the user picks one in the app
// menu; the pick is remembered across reloads.
func TestThemeFollowsTheSystemAndTheMenu(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, func(st *st.Ctx) { st.Text("Themed") })
	p := browsertest.New(t)
	p.EmulateMedia("", map[string]string{"prefers-color-scheme": "dark"})
	p.Open(srv.URL)
	if got := bodyColours(p); got != darkColours {
		t.Errorf("with a dark system the page is %q, want %q", got, darkColours)
	}
	chooseTheme(p, "Light")
	if got := bodyColours(p); got != lightColours {
		t.Errorf("after choosing Light the page is %q, want %q", got, lightColours)
	}
	p.Open(srv.URL)
	if got := bodyColours(p); got != lightColours {
		t.Errorf("after a reload the page is %q, want the chosen light %q", got, lightColours)
	}
	chooseTheme(p, "System")
	if got := bodyColours(p); got != darkColours {
		t.Errorf("back on System the page is %q, want the system's dark %q", got, darkColours)
	}
}

// config.toml's [theme] colours its base theme (light here), which the
// page starts in; the built-in dark stays as it is.
func TestConfigThemeColoursItsBase(t *testing.T) {
	t.Parallel()
	srv := browsertest.ServeWith(t, func(st *st.Ctx) { st.Button("Go", st.Primary(true)) }, runtime.Options{}, func(s *runtime.Server) {
		if err := s.SetTheme(runtime.Theme{PrimaryColor: "#0068c9", BackgroundColor: "#fdf6e3", TextColor: "#222222"}); err != nil {
			t.Error(err)
		}
	})
	p := browsertest.New(t)
	p.EmulateMedia("", map[string]string{"prefers-color-scheme": "light"})
	p.Open(srv.URL)
	p.WaitFor("the theme to come", `getComputedStyle(document.body).backgroundColor === "rgb(253, 246, 227)"`)
	if got := bodyColours(p); got != "rgb(253, 246, 227) rgb(34, 34, 34)" {
		t.Errorf("the page is %q, want the [theme]'s colours", got)
	}
	if got := browsertest.Eval[string](p, `getComputedStyle(document.querySelector(".btn.primary")).backgroundColor`); got != "rgb(0, 104, 201)" {
		t.Errorf("the primary button is %q, want primaryColor rgb(0, 104, 201)", got)
	}
	chooseTheme(p, "Dark")
	if got := bodyColours(p); got != darkColours {
		t.Errorf("the dark theme is %q, want the built-in %q", got, darkColours)
	}
}

// contrastJS computes, in the page, the contrast ratio (WCAG 2.x) of every
// text colour of the theme on the backgrounds it is used on, from the
// CSS's own values.
const contrastJS = `(() => {
	const rgb = (name) => {
		const el = document.createElement("div");
		el.style.color = "var(" + name + ")";
		document.body.append(el);
		const c = getComputedStyle(el).color.match(/[\d.]+/g).slice(0, 3).map(Number);
		el.remove();
		return c;
	};
	const lum = (c) => {
		const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	const ratio = (a, b) => {
		const [hi, lo] = [lum(rgb(a)), lum(rgb(b))].sort((x, y) => y - x);
		return (hi + 0.05) / (lo + 0.05);
	};
	const pairs = [
		["--fg", "--bg"], ["--fg", "--bg2"], ["--fg", "--code-bg"],
		["--muted", "--bg"], ["--muted", "--bg2"], ["--muted", "--code-bg"],
		["--accent-fg", "--accent"], ["--accent", "--bg"], ["--accent", "--bg2"],
		["--link", "--bg"], ["--link", "--bg2"],
		["--info", "--info-bg"], ["--success", "--success-bg"],
		["--warning", "--warning-bg"], ["--error", "--error-bg"],
		["--info", "--code-bg"], ["--success", "--code-bg"], ["--bg", "--fg"],
	];
	return pairs.map(([fg, bg]) => fg + " on " + bg + " " + ratio(fg, bg).toFixed(2));
})()`

// Both built-in themes meet WCAG AA for text: 4.5:1.
func TestThemesMeetWCAGContrast(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) { st.Text("Contrast") })
	for _, theme := range []string{"Light", "Dark"} {
		chooseTheme(p, theme)
		p.WaitFor("the theme "+theme, `document.documentElement.dataset.theme === `+browsertest.Q(strings.ToLower(theme)))
		pairs := browsertest.Eval[[]string](p, contrastJS)
		if len(pairs) < 18 {
			t.Fatalf("%s: only %d pairs measured", theme, len(pairs))
		}
		for _, pair := range pairs {
			var fg, on, bg string
			var r float64
			if _, err := fmt.Sscanf(pair, "%s %s %s %f", &fg, &on, &bg, &r); err != nil {
				t.Fatalf("%s: %q: %v", theme, pair, err)
			}
			if r < 4.5 {
				t.Errorf("%s theme: %s on %s has a contrast of %.2f:1, under WCAG AA's 4.5:1", theme, fg, bg, r)
			}
		}
	}
}

// The app menu reruns and clears caches, from its items and with the R
// and C keys, but not while the user types into a control.
func TestAppMenuRerunsAndClearsCaches(t *testing.T) {
	t.Parallel()
	var cleared atomic.Int32
	srv := browsertest.ServeWith(t, func(st *st.Ctx) {
		runs := st.SessionState().Int("runs") + 1
		st.SessionState().Set("runs", runs)
		st.Text(fmt.Sprintf("run %d", runs))
		st.TextInput("Note")
	}, runtime.Options{}, func(s *runtime.Server) {
		s.SetCacheClearer(runtime.CacheClearerFunc(func() { cleared.Add(1) }))
	})
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.WaitText("run 1")
	p.Click("⋮")
	p.Click("Rerun")
	p.WaitText("run 2")
	p.Exec(`document.activeElement?.blur()`)
	p.Keys("r")
	p.WaitText("run 3")

	p.Click("⋮")
	p.Click("Clear caches")
	p.WaitText("Caches cleared.")
	p.Keys("c")
	// A clear has no answer; the server handles the page's messages in
	// order, so once the rerun of the Enter below is done, so are they.
	p.Type("Note", "rc\n")
	p.WaitIdle()
	if n := cleared.Load(); n != 2 {
		t.Errorf("the caches were cleared %d times, want 2 (the menu item and C; not the c typed into a control)", n)
	}
	if !p.HasText("run 4") {
		t.Errorf("typing r into a control, then Enter, should be one rerun (run 4)")
	}

	p.Click("⋮")
	p.Click("About")
	p.WaitText("Made with gost")
}

// Printing shows the page's content without the menu and the sidebar.
func TestPrintHidesTheMenuAndTheSidebar(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.Sidebar().Text("Filters")
		st.Text("The report")
	})
	p.WaitText("Filters")
	p.EmulateMedia("print", nil)
	shown := browsertest.Eval[map[string]bool](p, `(() => {
		const shown = (el) => !!el && getComputedStyle(el).display !== "none" && !!el.getClientRects().length;
		return { menu: shown(document.getElementById("menu-button")), sidebar: shown(document.getElementById("sidebar")),
			toggle: shown(document.getElementById("sidebar-toggle")), main: shown(document.getElementById("main")) };
	})()`)
	if shown["menu"] || shown["sidebar"] || shown["toggle"] || !shown["main"] {
		t.Errorf("printing shows %v, want only main", shown)
	}
}

// A chosen theme is there before the app's modules run: the page does not
// flash the system's theme first.
func TestChosenThemeShowsFromTheFirstPaint(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, func(st *st.Ctx) { st.Text("Early") })
	p := browsertest.New(t)
	p.EmulateMedia("", map[string]string{"prefers-color-scheme": "dark"})
	p.Open(srv.URL)
	chooseTheme(p, "Light")
	// The theme when the parser reaches <body>, which is before any
	// module (deferred) runs.
	p.BeforeScripts(`new MutationObserver((_, o) => {
		if (!document.body) return;
		window.__themeAtBody = document.documentElement.dataset.theme || "none";
		o.disconnect();
	}).observe(document, { childList: true, subtree: true });`)
	p.Open(srv.URL)
	if got := browsertest.Eval[string](p, `window.__themeAtBody ?? "unseen"`); got != "light" {
		t.Errorf("when <body> came, data-theme was %q, want the chosen light", got)
	}
}

// The base of config.toml's [theme] shows from the first paint of a later
// load too, before the theme message comes.
func TestConfigThemeBaseShowsFromTheFirstPaint(t *testing.T) {
	t.Parallel()
	srv := browsertest.ServeWith(t, func(st *st.Ctx) { st.Text("Based") }, runtime.Options{}, func(s *runtime.Server) {
		if err := s.SetTheme(runtime.Theme{Base: "dark"}); err != nil {
			t.Error(err)
		}
	})
	p := browsertest.New(t)
	p.EmulateMedia("", map[string]string{"prefers-color-scheme": "light"})
	p.Open(srv.URL)
	p.WaitFor("the dark base", `document.documentElement.dataset.theme === "dark"`)
	p.BeforeScripts(`new MutationObserver((_, o) => {
		if (!document.body) return;
		window.__themeAtBody = document.documentElement.dataset.theme || "none";
		o.disconnect();
	}).observe(document, { childList: true, subtree: true });`)
	p.Open(srv.URL)
	if got := browsertest.Eval[string](p, `window.__themeAtBody ?? "unseen"`); got != "dark" {
		t.Errorf("when <body> came, data-theme was %q, want the [theme]'s dark", got)
	}
}
