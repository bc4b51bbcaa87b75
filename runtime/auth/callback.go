package auth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// exchangeTimeout bounds the token exchange and key fetch of one callback.
const exchangeTimeout = 15 * time.Second

func (s *Service) serveCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" && !q.Has("code") && !q.Has("error") {
		// A provider's post-logout redirect lands here, since redirect_uri
		// is the URL providers allowlist (Streamlit #13101): not an error.
		http.Redirect(w, r, s.base, http.StatusFound)
		return
	}
	if s.cfg.err != nil {
		s.fail(w, r, FailureLink, "", "callback while [auth] is misconfigured", "err", s.cfg.err)
		return
	}
	var f flowState
	name := flowCookieName(state)
	c, err := r.Cookie(name)
	if err != nil || state == "" {
		s.fail(w, r, FailureExpired, "", "callback matches no login in progress in this browser (replayed, stale, or cookies blocked)")
		return
	}
	// Cleared on first use whatever happens next, so a replayed callback
	// finds nothing.
	http.SetCookie(w, s.expire(r, name, s.cfg.callbackPath))
	if err := s.flow.open(c.Value, s.now(), &f); err != nil {
		s.fail(w, r, FailureExpired, "", "login flow cookie rejected", "err", err)
		return
	}
	if !equalStrings(f.State, state) {
		s.fail(w, r, FailureExpired, f.Return, "state does not match the login in progress")
		return
	}
	if e := q.Get("error"); e != "" {
		code := FailureProvider
		if e == "access_denied" {
			code = FailureCancelled
		}
		s.fail(w, r, code, f.Return, "provider returned an error", "provider", f.Provider,
			"error", clip(e), "error_description", clip(q.Get("error_description")))
		return
	}
	rem, err := s.providerFor(f.Provider)
	if err != nil {
		s.fail(w, r, FailureLink, f.Return, "callback for an unusable provider", "provider", f.Provider, "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), exchangeTimeout)
	defer cancel()
	d, err := rem.get(ctx)
	if err != nil {
		s.fail(w, r, FailureUnreachable, f.Return, "provider unreachable at callback", "provider", f.Provider, "err", err)
		return
	}
	tok, err := d.oauth.Exchange(context.WithValue(ctx, oauth2.HTTPClient, s.client), q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			// Only the error fields: the body of a token response is not
			// something to copy into logs wholesale.
			s.fail(w, r, FailureProvider, f.Return, "token exchange refused", "provider", f.Provider,
				"status", re.Response.StatusCode, "error", clip(re.ErrorCode), "error_description", clip(re.ErrorDescription))
			return
		}
		s.fail(w, r, FailureUnreachable, f.Return, "token exchange failed", "provider", f.Provider, "err", err)
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		s.fail(w, r, FailureRejected, f.Return, "token response has no id_token (is \"openid\" in the scope?)", "provider", f.Provider)
		return
	}
	_, claims, err := d.verify(ctx, raw, rem.cfg.expect(f, tok.AccessToken), s.now())
	if err != nil {
		s.fail(w, r, FailureRejected, f.Return, "id token rejected", "provider", f.Provider, "err", err)
		return
	}
	gen, err := s.revocations.Generation(ctx, UserID(claims))
	if err != nil {
		s.fail(w, r, FailureUnreachable, f.Return, "revocations unreadable", "provider", f.Provider, "err", err)
		return
	}
	ident := s.newIdentity(f.Provider, claims, raw, tok.AccessToken)
	ident.Gen = gen
	value, id, err := s.sealIdentity(ident)
	if err != nil {
		s.fail(w, r, FailureRejected, f.Return, "identity cookie", "provider", f.Provider, "err", err)
		return
	}
	http.SetCookie(w, s.cookie(r, identityCookie, value, s.cookiePath(), s.cfg.maxAge))
	if s.cfg.exposeAccess {
		// The access and refresh tokens get a cookie of their own: with
		// them the identity would not fit, and they change on refresh.
		if c := s.tokensCookieFor(r, newTokenSet(id.Key, tok, s.now()), time.Unix(id.Exp, 0)); c != nil {
			http.SetCookie(w, c)
		}
	} else {
		http.SetCookie(w, s.expire(r, tokensCookie, s.cookiePath()))
	}
	http.SetCookie(w, s.expire(r, failureCookie, s.cookiePath()))
	s.log.InfoContext(r.Context(), "auth: logged in", "provider", f.Provider, "sub", id.Claims["sub"], "dropped_claims", id.dropped,
		"roles", len(id.Grants.Roles), "groups", len(id.Grants.Groups), "groups_overage", id.Grants.Overage,
		"claim_problems", len(id.Grants.Problems))
	s.notifyResult(true)
	for _, p := range id.Grants.Problems {
		s.log.WarnContext(r.Context(), "auth: roles or groups claim problem: "+p, "provider", f.Provider, "sub", id.Claims["sub"])
	}
	http.Redirect(w, r, s.returnURL(f.Return), http.StatusFound)
}

// clip bounds provider-supplied text before it reaches the logs.
func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
