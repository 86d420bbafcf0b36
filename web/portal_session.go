package web

import (
	"context"
	"html/template"
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
	h.signInWith(w, r, citizenSignIn, func(ctx context.Context, email, password string) (*auth.Session, error) {
		return h.sessions.LoginCitizen(ctx, 0, email, password)
	})
}

// signInForm is a sign-in page: its template, title and where the form
// posts, and where a session starts.
type signInForm struct {
	page                 *template.Template
	title, action, start string
}

var citizenSignIn = signInForm{signinPage, "signin.title", "/mijn/aanmelden", "/mijn"}

// signInData is what a sign-in template shows: the form's address and
// the e-mail address typed before.
type signInData struct{ Action, Email string }

// showSignIn renders the sign-in form f with status and, when given, the
// reason it is shown again.
func showSignIn(w http.ResponseWriter, r *http.Request, f signInForm, status int, email, problem string) {
	render(w, r, f.page, status, withError(newPage(w, r, f.title, signInData{f.action, email}), problem))
}

// signInWith checks the form's e-mail and password with login, opens the
// session and goes to f's start; a refusal shows the form again with why.
func (h *Handler) signInWith(w http.ResponseWriter, r *http.Request, f signInForm,
	login func(ctx context.Context, email, password string) (*auth.Session, error)) {
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	if email == "" || password == "" {
		showSignIn(w, r, f, http.StatusBadRequest, email, "signin.missing")
		return
	}
	se, err := login(r.Context(), email, password)
	if err != nil {
		switch errs.KindOf(err) {
		case errs.Unauthorized, errs.Forbidden:
			showSignIn(w, r, f, http.StatusUnauthorized, email, "signin.failed")
		case errs.Invalid:
			showSignIn(w, r, f, http.StatusBadRequest, email, errs.MessageOf(err))
		default:
			h.fail(w, r, err)
		}
		return
	}
	setSession(w, r, se)
	http.Redirect(w, r, f.start, http.StatusSeeOther)
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
