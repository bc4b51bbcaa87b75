package runtime

// flushQuery tells the browser the query string the app set with
// st.QueryParams, so that its address bar follows (a link copied from it
// opens the same view). The browser replaces its address without a reload;
// its next hello sends the new query back.
func (s *Session) flushQuery() {
	if q := s.state.Query(); q != s.shown {
		s.shown = q
		s.send(queryMsg(q))
	}
}
