package auth

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// endSessionTimeout bounds the metadata lookup of a logout: logging out of
// the app must not wait long on the provider.
const endSessionTimeout = 5 * time.Second

// LogoutURL returns the URL st.Logout sends the browser to. It is absolute
// on the origin of redirect_uri and carries a sealed two-minute token:
// together with the Sec-Fetch-Site check this keeps another site from
// logging users out with a link or an image.
func (s *Service) LogoutURL() string {
	u := s.origin() + s.logoutPath()
	t, err := s.logoutLink.seal(struct{}{}, s.now().Add(linkTTL))
	if err != nil {
		return u // no cookie_secret: nobody can be logged in anyway
	}
	return u + "?" + url.Values{"t": {t}}.Encode()
}

func (s *Service) serveLogout(w http.ResponseWriter, r *http.Request) {
	if why := crossSite(r, s.origin()); why != "" {
		s.log.WarnContext(r.Context(), "auth: logout route reached cross-site; ignored", "why", why)
		http.Redirect(w, r, s.base, http.StatusFound)
		return
	}
	var none struct{}
	if err := s.logoutLink.open(r.URL.Query().Get("t"), s.now(), &none); err != nil {
		s.log.WarnContext(r.Context(), "auth: logout link rejected; ignored", "err", err)
		http.Redirect(w, r, s.base, http.StatusFound)
		return
	}
	id := s.read(r).id
	http.SetCookie(w, s.expire(r, identityCookie, s.cookiePath()))
	http.SetCookie(w, s.expire(r, tokensCookie, s.cookiePath()))
	if id == nil {
		http.Redirect(w, r, s.base, http.StatusFound)
		return
	}
	s.live.drop(id.Key)
	s.notifyLogout(id.Key)
	s.log.InfoContext(r.Context(), "auth: logged out", "provider", id.Provider, "sub", id.Claims["sub"])
	http.Redirect(w, r, s.endSessionURL(r.Context(), id), http.StatusFound)
}

// placeholder matches {name} in a logout_params value.
var placeholder = regexp.MustCompile(`\{([A-Za-z0-9_:.-]+)\}`)

// expand fills a logout_params template: {redirect_uri} is the app's
// redirect_uri, {name} the string claim name of the user. A template
// naming a claim the user does not have expands to "", which drops the
// parameter rather than send half a value.
func (s *Service) expand(tmpl string, id *identity) string {
	missing := false
	out := placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := m[1 : len(m)-1]
		if name == "redirect_uri" {
			return s.cfg.redirectURI
		}
		v, _ := id.Claims[name].(string)
		if v == "" {
			missing = true
		}
		return v
	})
	if missing {
		return ""
	}
	return out
}

// endSessionURL is the provider's end_session_endpoint with the hints that
// let it skip its account picker, or the app when there is none. Query
// parameters the endpoint already has are kept.
func (s *Service) endSessionURL(ctx context.Context, id *identity) string {
	rem := s.remotes[id.Provider]
	ctx, cancel := context.WithTimeout(ctx, endSessionTimeout)
	defer cancel()
	d, err := rem.get(ctx)
	if err != nil {
		s.log.WarnContext(ctx, "auth: provider unreachable at logout; logged out of the app only", "provider", id.Provider, "err", err)
		return s.base
	}
	if d.meta.EndSessionURL == "" || !validRemoteURL(d.meta.EndSessionURL) {
		return s.base
	}
	u, err := url.Parse(d.meta.EndSessionURL)
	if err != nil {
		return s.base
	}
	q := u.Query()
	q.Set("client_id", rem.cfg.clientID)
	// redirect_uri rather than the app's URL: it is the one URL every
	// provider has allowlisted for this client (Entra requires
	// post-logout URIs to be registered redirect URIs), and the callback
	// sends a request without state on to the app.
	q.Set("post_logout_redirect_uri", s.cfg.redirectURI)
	if id.IDToken != "" {
		q.Set("id_token_hint", id.IDToken)
	}
	if hint, _ := id.Claims["login_hint"].(string); hint != "" {
		q.Set("logout_hint", hint)
	}
	// logout_params override these, e.g. Cognito's logout_uri and
	// redirect_uri; "" removes a parameter.
	for k, tmpl := range rem.cfg.logoutParams {
		if v := s.expand(tmpl, id); v != "" {
			q.Set(k, v)
		} else {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
