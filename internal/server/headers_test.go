package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/server"
	"loket/seed"
)

func TestEveryAnswerCarriesTheSecurityHeaders(t *testing.T) {
	w := &world{t: t, pool: demoCity(t)}
	w.srv, w.url = serve(t, w.pool)
	for _, path := range []string{"/", "/mijn", "/werk", "/api/me", "/static/loket.css", "/no/such/page", "/tiles/style.json"} {
		a := w.do(request{method: "GET", path: path})
		csp := a.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self';", "style-src 'self';", "worker-src 'self'",
			"img-src 'self' data: blob:", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: the Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-") {
			t.Errorf("GET %s: the Content-Security-Policy allows unsafe sources: %q", path, csp)
		}
		for header, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Referrer-Policy": "same-origin"} {
			if got := a.header.Get(header); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, header, got, want)
			}
		}
		if hsts := a.header.Get("Strict-Transport-Security"); hsts != "" {
			t.Errorf("GET %s over plain HTTP sent Strict-Transport-Security %q", path, hsts)
		}
	}
}

// signInForms are the four ways to sign in, each with the demo logins.
var signInForms = []struct {
	path, contentType, body string
}{
	{"/api/login", "application/json", `{"email": "agent@kortrijk.demo", "password": "demo"}`},
	{"/api/citizen/login", "application/json", `{"email": "` + seed.DemoCitizen.Email + `", "password": "demo"}`},
	{"/werk/aanmelden", "application/x-www-form-urlencoded", url.Values{"email": {"agent@kortrijk.demo"}, "password": {"demo"}}.Encode()},
	{"/mijn/aanmelden", "application/x-www-form-urlencoded", url.Values{"email": {seed.DemoCitizen.Email}, "password": {"demo"}}.Encode()},
}

// sessionCookies signs in through form on base and returns the cookies
// set and the answer's headers.
func sessionCookies(t *testing.T, client *http.Client, base, path, contentType, body string, header map[string]string) ([]*http.Cookie, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in at %s: %d", path, res.StatusCode)
	}
	var cookies []*http.Cookie
	for _, line := range res.Header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			t.Fatalf("%s set a cookie that does not parse: %q: %v", path, line, err)
		}
		cookies = append(cookies, c)
	}
	if len(cookies) == 0 {
		t.Fatalf("signing in at %s set no cookie", path)
	}
	return cookies, res.Header
}

func TestSessionCookiesAreHttpOnlySameSiteAndSecureOverHTTPS(t *testing.T) {
	pool := demoCity(t)
	srv := server.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	plain := httptest.NewServer(srv)
	t.Cleanup(plain.Close)
	tlsServer := httptest.NewTLSServer(srv)
	t.Cleanup(tlsServer.Close)
	tlsClient := tlsServer.Client()
	tlsClient.CheckRedirect = noRedirects.CheckRedirect

	for _, how := range []struct {
		name   string
		client *http.Client
		base   string
		header map[string]string
		https  bool
	}{
		{"plain HTTP", noRedirects, plain.URL, nil, false},
		{"HTTPS ended at a proxy", noRedirects, plain.URL, map[string]string{"X-Forwarded-Proto": "https"}, true},
		{"HTTPS", tlsClient, tlsServer.URL, nil, true},
	} {
		for _, f := range signInForms {
			t.Run(how.name+" "+f.path, func(t *testing.T) {
				cookies, h := sessionCookies(t, how.client, how.base, f.path, f.contentType, f.body, how.header)
				for _, c := range cookies {
					if !c.HttpOnly || (c.SameSite != http.SameSiteLaxMode && c.SameSite != http.SameSiteStrictMode) || c.Path != "/" {
						t.Errorf("cookie %s: HttpOnly %v, SameSite %v, Path %q; want HttpOnly, Lax or Strict, /", c.Name, c.HttpOnly, c.SameSite, c.Path)
					}
					if c.Secure != how.https {
						t.Errorf("cookie %s: Secure = %v over %s", c.Name, c.Secure, how.name)
					}
					lasts := time.Duration(c.MaxAge) * time.Second
					if c.MaxAge == 0 {
						lasts = time.Until(c.Expires)
					}
					if lasts <= 0 || lasts > auth.SessionTTL+time.Minute {
						t.Errorf("cookie %s lasts %s, want at most the session's %s", c.Name, lasts, auth.SessionTTL)
					}
				}
				if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != how.https || how.https && !strings.HasPrefix(hsts, "max-age=") {
					t.Errorf("Strict-Transport-Security = %q over %s", hsts, how.name)
				}
			})
		}
	}
}

func TestAnExpiredSessionIsRefused(t *testing.T) {
	w := &world{t: t, pool: demoCity(t)}
	w.plant()
	w.srv, w.url = serve(t, w.pool)
	for _, c := range []struct {
		role, table, page string
	}{{"agent", "staff_session", "/api/tickets"}, {"citizen", "citizen_session", "/api/my/tickets"}} {
		s := w.signIn(c.role)
		if a := w.do(request{method: "GET", path: c.page, session: s}); a.status != http.StatusOK {
			t.Fatalf("%s's fresh session: GET %s = %d %s", c.role, c.page, a.status, a.body)
		}
		if _, err := w.pool.Exec(context.Background(), `UPDATE `+c.table+` SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour'`); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/api/me", c.page} {
			if a := w.do(request{method: "GET", path: path, session: s}); a.status != http.StatusUnauthorized {
				t.Errorf("%s's expired session (cookie): GET %s = %d, want 401", c.role, path, a.status)
			}
			req, _ := http.NewRequest("GET", w.url+path, nil)
			req.Header.Set("Authorization", "Bearer "+s.token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s's expired session (bearer): GET %s = %d, want 401", c.role, path, res.StatusCode)
			}
		}
	}
	// The portal's pages treat the expired citizen as a visitor.
	s := w.signIn("citizen")
	w.exec(`UPDATE citizen_session SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour'`)
	a := w.do(request{method: "GET", path: "/mijn/meldingen/" + w.ownRef, session: s})
	if a.status != http.StatusSeeOther || a.header.Get("Location") != "/mijn" {
		t.Errorf("an expired citizen's ticket page: %d to %q, want the sign-in form", a.status, a.header.Get("Location"))
	}
}
