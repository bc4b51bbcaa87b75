package auth

// RefreshTokenOf exposes the refresh token of a login to the tests, which
// revoke it at the provider the way an administrator would.
func (s *Service) RefreshTokenOf(key string) string {
	e := s.live.lookup(key)
	if e == nil {
		return ""
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.set.Refresh
}
