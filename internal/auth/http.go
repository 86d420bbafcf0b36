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

func tokenOf(r *http.Request) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
	}
	if c, err := r.Cookie(CookieName); err == nil {
		return c.Value
	}
	return ""
}

// Middleware puts the caller's principal, if any, in the request context.
func (s *Store) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := tokenOf(r)
		if token == "" {
			next.ServeHTTP(w, r)
			return
		}
		p, err := s.Principal(r.Context(), token)
		if err != nil {
			httpx.Error(w, r, errs.Wrap(err, errs.Unavailable, "cannot check the sign-in right now"))
			return
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

// Routes mounts sign-in, sign-out and "who am I".
func (s *Store) Routes(r chi.Router) {
	r.Post("/api/login", s.login)
	r.Post("/api/logout", s.logout)
	r.Get("/api/me", httpx.JSON(func(r *http.Request) (any, error) {
		if p := From(r.Context()); p != nil {
			return p, nil
		}
		return nil, errs.E(errs.Unauthorized, "sign in first")
	}))
}

type loginResponse struct {
	Token string     `json:"token"`
	Staff *Principal `json:"staff"`
}

func (s *Store) login(w http.ResponseWriter, r *http.Request) {
	var in struct{ Email, Password string }
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&in); err != nil {
		httpx.Error(w, r, errs.E(errs.Invalid, "send JSON like {\"email\": \"…\", \"password\": \"…\"}"))
		return
	}
	token, p, err := s.Login(r.Context(), in.Email, in.Password)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil, Expires: time.Now().Add(SessionTTL),
	})
	httpx.WriteJSON(w, http.StatusOK, loginResponse{Token: token, Staff: p})
}

func (s *Store) logout(w http.ResponseWriter, r *http.Request) {
	if token := tokenOf(r); token != "" {
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
