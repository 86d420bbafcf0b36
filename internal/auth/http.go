package auth

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"loket/internal/errs"
	"loket/internal/httpx"
)

// CookieName carries the session token for the pages; API clients send
// "Authorization: Bearer <token>" instead.
const CookieName = "loket_session"

// tokenOf returns the caller's token and whether it came from the cookie.
func tokenOf(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")), false
	}
	if c, err := r.Cookie(CookieName); err == nil {
		return c.Value, true
	}
	return "", false
}

// Middleware puts the caller's principal, if any, in the request context.
// A changing request signed in by cookie must also carry the session's
// CSRF token, or it is refused with 403.
func (s *Store) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, fromCookie := tokenOf(r)
		if token == "" {
			next.ServeHTTP(w, r)
			return
		}
		p, csrfHash, err := s.resolve(r.Context(), token)
		if err != nil {
			httpx.Error(w, r, errs.Wrap(err, errs.Unavailable, "cannot check the sign-in right now"))
			return
		}
		if p != nil && needsCSRF(r, fromCookie) && !csrfMatches(r, csrfHash) {
			if !openPaths[r.URL.Path] {
				httpx.Error(w, r, errs.E(errs.Forbidden, "missing or wrong CSRF token"))
				return
			}
			p = nil
		}
		if p != nil {
			r = r.WithContext(With(r.Context(), p))
		}
		next.ServeHTTP(w, r)
	})
}

// Require lets through callers holding role: 401 when nobody is signed in,
// 403 when the caller lacks the role.
func Require(role string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := From(r.Context())
			switch {
			case p == nil:
				httpx.Error(w, r, errs.E(errs.Unauthorized, "sign in first"))
			case !p.Has(role):
				httpx.Error(w, r, errs.E(errs.Forbidden, "this needs the %s role", role))
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

// RequireAny lets through callers holding one of roles: 401 when nobody
// is signed in, 403 otherwise.
func RequireAny(roles ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := From(r.Context())
			if p == nil {
				httpx.Error(w, r, errs.E(errs.Unauthorized, "sign in first"))
				return
			}
			for _, role := range roles {
				if p.Has(role) {
					next.ServeHTTP(w, r)
					return
				}
			}
			httpx.Error(w, r, errs.E(errs.Forbidden, "this needs one of the roles %s", strings.Join(roles, ", ")))
		})
	}
}

// RequireStaff lets through staff of any role: 401 when nobody is signed
// in, 403 for citizens and machine clients; what names what is guarded,
// for the message ("the analyses").
func RequireStaff(what string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch p := From(r.Context()); {
			case p == nil:
				httpx.Error(w, r, errs.E(errs.Unauthorized, "sign in first"))
			case !p.IsStaff():
				httpx.Error(w, r, errs.E(errs.Forbidden, "%s are for staff", what))
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

// Routes mounts sign-in and sign-out for staff and citizens, citizens'
// registration, and "who am I".
func (s *Store) Routes(r chi.Router) {
	r.Post("/api/login", s.login)
	r.Post("/api/logout", s.logout)
	r.Get("/api/me", httpx.JSON(func(r *http.Request) (any, error) {
		if p := From(r.Context()); p != nil {
			return p, nil
		}
		return nil, errs.E(errs.Unauthorized, "sign in first")
	}))
	s.citizenRoutes(r)
}

type loginResponse struct {
	Token     string     `json:"token"`
	CSRFToken string     `json:"csrf_token"`
	Staff     *Principal `json:"staff"`
}

func (s *Store) login(w http.ResponseWriter, r *http.Request) {
	var in struct{ Email, Password string }
	if err := decode(r, &in); err != nil {
		httpx.Error(w, r, errs.E(errs.Invalid, "send JSON like {\"email\": \"…\", \"password\": \"…\"}"))
		return
	}
	se, err := s.LoginStaff(r.Context(), in.Email, in.Password)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	setSessionCookie(w, r, se.Token)
	httpx.WriteJSON(w, http.StatusOK, loginResponse{Token: se.Token, CSRFToken: se.CSRFToken, Staff: se.Principal})
}

func (s *Store) logout(w http.ResponseWriter, r *http.Request) {
	if token, _ := tokenOf(r); token != "" {
		if err := s.Logout(r.Context(), token); err != nil {
			httpx.Error(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", HttpOnly: true, MaxAge: -1})
	httpx.WriteJSON(w, http.StatusOK, struct {
		Status string `json:"status"`
	}{"signed out"})
}

func setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil, Expires: time.Now().Add(SessionTTL),
	})
}

// decode reads a small JSON body into v.
func decode(r *http.Request, v any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(v)
}
