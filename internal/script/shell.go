package script

// Shell is what a session keeps of the app shell around the elements: where
// the browser is (the page's path and whether its address just arrived),
// how the page looks (st.SetPageConfig), and the pages st.Navigation
// declared. Package st writes it during a run; package runtime reads it once
// the run is over and tells the browser what changed.
type Shell struct {
	// Path is the page's path under the app's base path, without a leading
	// "/": "" for the default page, "reports" for /reports.
	Path string
	// Arrived is true for the run that follows the browser's own change of
	// address (a new tab, a link, back or forward): widgets bound to a query
	// parameter take the address's value in that run.
	Arrived bool
	// Push asks that the next change of address add a history entry instead
	// of replacing the current one (st.SwitchPage, QueryParams.Push).
	Push bool
	// Config is the page config of the last run that set one.
	Config PageConfig
	// Page is the URL path of the page the last run ran (st.Navigation), and
	// Pages the pages it offered, the default first: st.SwitchPage and
	// st.PageLink check their target. (The widgets of the page left are
	// forgotten as any widget a run does not draw is: see Run.Scope.)
	Page  *string
	Pages []PageRef
}

// PageRef is a page st.Navigation offered: its address (Path, "" for the
// default page), its own URL path (Own, the default page's too), its
// title and icon.
type PageRef struct {
	Path, Own, Title, Icon string
}

// PageConfig is how the browser shows the app: its tab's title and icon,
// the main column's width and the sidebar's initial state.
type PageConfig struct {
	Title   string `json:"title"`
	Icon    string `json:"icon"`    // an emoji, or an image's URL
	Layout  string `json:"layout"`  // "centered" or "wide"
	Sidebar string `json:"sidebar"` // "auto", "expanded" or "collapsed"
}
