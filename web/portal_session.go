package web

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5/middleware"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// csrfCookie keeps the session's CSRF token beside the session, so every
// page can put it in its forms' hidden field. Another site can make the
// browser send the cookies but cannot read the token to fill the field.
const csrfCookie = "loket_csrf"

// signIn checks a citizen's e-mail and password from the form, opens a
// session and goes to their tickets.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	if email == "" || password == "" {
		render(w, r, signinPage, http.StatusBadRequest, withError(newPage(w, r, "signin.title", email), "signin.missing"))
		return
	}
	se, err := h.sessions.LoginCitizen(r.Context(), 0, email, password)
	if err != nil {
		page := newPage(w, r, "signin.title", email)
		switch errs.KindOf(err) {
		case errs.Unauthorized, errs.Forbidden:
			render(w, r, signinPage, http.StatusUnauthorized, withError(page, "signin.failed"))
		case errs.Invalid:
			render(w, r, signinPage, http.StatusBadRequest, withError(page, errs.MessageOf(err)))
		default:
			h.fail(w, r, err)
		}
		return
	}
	setSession(w, r, se)
	http.Redirect(w, r, "/mijn", http.StatusSeeOther)
}

// setSession hands the browser the session cookie and the CSRF token the
// pages put in their forms' hidden field.
func setSession(w http.ResponseWriter, r *http.Request, se *auth.Session) {
	secure := r.TLS != nil
	http.SetCookie(w, &http.Cookie{Name: auth.CookieName, Value: se.Token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secure, MaxAge: int(auth.SessionTTL.Seconds())})
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: se.CSRFToken, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secure, MaxAge: int(auth.SessionTTL.Seconds())})
}

// endSession closes the browser's session and forgets both cookies.
func (h *Handler) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(auth.CookieName); err == nil && c.Value != "" {
		if err := h.sessions.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	for _, name := range []string{auth.CookieName, csrfCookie} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1})
	}
	return nil
}

// signOut ends the citizen's session.
func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	if err := h.endSession(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn", http.StatusSeeOther)
}

func withError(p Page, key string) Page {
	p.Error = key
	return p
}

// fail shows err as a page: not found and bad input in the visitor's
// language with a 4xx, anything else as a logged 500 without details.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	page := newPage(w, r, "error.title", nil)
	switch {
	case errs.KindOf(err) == errs.NotFound:
		page.Error = "error.notfound"
	case status >= 500:
		slog.ErrorContext(r.Context(), "page failed", "request_id", middleware.GetReqID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "err", err)
		page.Error = "error.server"
	default:
		page.Error = errs.MessageOf(err)
	}
	render(w, r, errorPage, status, page)
}
