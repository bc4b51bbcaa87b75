package st

// Ctx is what App draws with. It stands for one run of App in one session,
// and for one place on the page: the main area, the sidebar, or a container.
type Ctx struct{}
