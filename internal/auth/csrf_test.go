package auth

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"loket/internal/httpx"
)

// csrfSite serves the auth routes and a dummy /echo that says who called.
func csrfSite(t *testing.T) (*Store, *httptest.Server) {
	t.Helper()
	s := newStore(t)
	r := chi.NewRouter()
	r.Use(s.Middleware)
	s.Routes(r)
	echo := httpx.JSON(func(r *http.Request) (any, error) {
		if p := From(r.Context()); p != nil {
			return p.Name, nil
		}
		return "anonymous", nil
	})
	r.Get("/echo", echo)
	r.Post("/echo", echo)
	ts := httptest.NewServer(r)
	t.Cleanup(ts.Close)
	return s, ts
}

// signIn posts credentials to path and returns the session cookie and the
// CSRF token from the body.
func signIn(t *testing.T, url, body string) (*http.Cookie, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	json.NewDecoder(resp.Body).Decode(&out)
	for _, c := range resp.Cookies() {
		if c.Name == CookieName && c.HttpOnly && c.SameSite == http.SameSiteLaxMode && out.CSRFToken != "" {
			return c, out.CSRFToken
		}
	}
	t.Fatalf("sign-in at %s = %d without an HttpOnly, SameSite=Lax cookie and a CSRF token", url, resp.StatusCode)
	return nil, ""
}

func send(t *testing.T, method, url string, cookie *http.Cookie, headers ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(`{}`))
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestCookieSessionsMustEchoTheirCSRFTokenToChangeThings(t *testing.T) {
	s, ts := csrfSite(t)
	call(t, "POST", ts.URL+"/api/citizen/register", "", ciska)
	staffCookie, staffCSRF := signIn(t, ts.URL+"/api/login", `{"email":"agent@kortrijk.demo","password":"demo"}`)
	citizenCookie, citizenCSRF := signIn(t, ts.URL+"/api/citizen/login", `{"email":"ciska@example.be","password":"lange-zin-123"}`)
	for _, who := range []struct {
		name, csrf, want string
		cookie           *http.Cookie
	}{
		{"staff", staffCSRF, "Ann Agent", staffCookie},
		{"citizen", citizenCSRF, "Ciska", citizenCookie},
	} {
		t.Run("a "+who.name+" POST without the token is refused", func(t *testing.T) {
			if code, body := send(t, "POST", ts.URL+"/echo", who.cookie); code != http.StatusForbidden || !strings.Contains(body, "CSRF") {
				t.Errorf("POST = %d %s, want 403", code, body)
			}
			if code, _ := send(t, "POST", ts.URL+"/echo", who.cookie, CSRFHeader, "guess"); code != http.StatusForbidden {
				t.Errorf("POST with a wrong token = %d, want 403", code)
			}
		})
		t.Run("a "+who.name+" POST with the token passes", func(t *testing.T) {
			if code, body := send(t, "POST", ts.URL+"/echo", who.cookie, CSRFHeader, who.csrf); code != http.StatusOK || !strings.Contains(body, who.want) {
				t.Errorf("POST = %d %s, want 200 as %s", code, body, who.want)
			}
		})
		t.Run("a "+who.name+" form carries the token in its hidden field", func(t *testing.T) {
			for token, want := range map[string]int{who.csrf: http.StatusOK, "guess": http.StatusForbidden} {
				req, _ := http.NewRequest("POST", ts.URL+"/echo", strings.NewReader(url.Values{CSRFField: {token}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(who.cookie)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("form POST with token %q = %d, want %d", token, resp.StatusCode, want)
				}
			}
		})
		t.Run("a "+who.name+" GET needs no token", func(t *testing.T) {
			if code, body := send(t, "GET", ts.URL+"/echo", who.cookie); code != http.StatusOK || !strings.Contains(body, who.want) {
				t.Errorf("GET = %d %s", code, body)
			}
		})
	}
	t.Run("a bearer POST needs no token", func(t *testing.T) {
		if code, body := send(t, "POST", ts.URL+"/echo", nil, "Authorization", "Bearer "+staffCookie.Value); code != http.StatusOK || !strings.Contains(body, "Ann Agent") {
			t.Errorf("bearer POST = %d %s", code, body)
		}
	})
	t.Run("signing in again works with a cookie and no token", func(t *testing.T) {
		if code, body := send(t, "POST", ts.URL+"/api/login", staffCookie); code != http.StatusBadRequest {
			t.Errorf("POST /api/login with a cookie = %d %s, want 400 for the empty credentials", code, body)
		}
	})
	t.Run("a session from before CSRF tokens cannot change things by cookie", func(t *testing.T) {
		s.pool.Exec(context.Background(), `UPDATE staff_session SET csrf_hash = NULL`)
		if code, _ := send(t, "POST", ts.URL+"/echo", staffCookie, CSRFHeader, staffCSRF); code != http.StatusForbidden {
			t.Errorf("POST with an old session = %d, want 403", code)
		}
	})
	t.Run("signing out by cookie needs the token too", func(t *testing.T) {
		if code, _ := send(t, "POST", ts.URL+"/api/logout", citizenCookie); code != http.StatusForbidden {
			t.Errorf("logout without the token = %d, want 403", code)
		}
		if code, _ := send(t, "POST", ts.URL+"/api/logout", citizenCookie, CSRFHeader, citizenCSRF); code != http.StatusOK {
			t.Errorf("logout with the token = %d, want 200", code)
		}
		if code, body := send(t, "GET", ts.URL+"/echo", citizenCookie); !strings.Contains(body, "anonymous") {
			t.Errorf("after logout GET = %d %s, want anonymous", code, body)
		}
	})
}
