package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"loket/internal/server"
)

// limitedWorld is the server over the demo city with the limits of env.
func limitedWorld(t *testing.T, env map[string]string) *world {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	w := &world{t: t, pool: demoCity(t), sessions: map[string]session{}}
	w.srv, w.url = serve(t, w.pool)
	return w
}

// checkTooMany checks a 429: a Retry-After of whole seconds within limit,
// and a message that says to wait.
func checkTooMany(t *testing.T, what string, a answer, maxWait int) {
	t.Helper()
	if a.status != http.StatusTooManyRequests {
		t.Fatalf("%s over the limit: %d, want 429: %.300s", what, a.status, a.body)
	}
	secs, err := strconv.Atoi(a.header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > maxWait {
		t.Errorf("%s: Retry-After %q, want 1 to %d seconds", what, a.header.Get("Retry-After"), maxWait)
	}
	if !strings.Contains(strings.ToLower(a.body), "try again in") {
		t.Errorf("%s: the answer does not say when to try again: %s", what, a.body)
	}
}

func TestSignInsOverTheLimitAreRefusedWith429AndRetryAfter(t *testing.T) {
	w := limitedWorld(t, map[string]string{"LOKET_RATE_SIGNIN": "1,4"})
	// The four sign-in routes share one bucket of four.
	for _, f := range signInForms {
		body := strings.Replace(f.body, "demo", "wrong", 1)
		if a := w.do(request{method: "POST", path: f.path, contentType: f.contentType, body: body}); a.status == http.StatusTooManyRequests {
			t.Fatalf("POST %s within the limit: 429", f.path)
		}
	}
	// Over it, even the right password is not checked.
	a := w.do(request{method: "POST", path: "/api/login", contentType: "application/json", body: signInForms[0].body})
	checkTooMany(t, "POST /api/login", a, 60)
	var e struct{ Error struct{ Message string } }
	if json.Unmarshal([]byte(a.body), &e) != nil || !strings.Contains(e.Error.Message, "too many sign-in attempts") {
		t.Errorf("the API's 429 is not a JSON error about sign-in attempts: %s", a.body)
	}
	page := w.do(request{method: "POST", path: "/mijn/aanmelden", contentType: signInForms[3].contentType, body: signInForms[3].body})
	checkTooMany(t, "POST /mijn/aanmelden", page, 60)
	if !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") || !strings.Contains(page.body, "Too many sign-in attempts") ||
		!strings.Contains(page.body, `href="/mijn"`) {
		t.Errorf("the sign-in form's 429 is not a page leading back to the form: %s %s", page.header.Get("Content-Type"), page.body)
	}
	werk := w.do(request{method: "POST", path: "/werk/aanmelden", contentType: signInForms[2].contentType, body: signInForms[2].body})
	checkTooMany(t, "POST /werk/aanmelden", werk, 60)
	// Other routes, and other limits, are not affected.
	if a := w.do(request{method: "GET", path: "/api/categories"}); a.status != http.StatusOK {
		t.Errorf("GET /api/categories while sign-ins are limited: %d", a.status)
	}
	if a := w.do(request{method: "POST", path: "/api/citizen/register", contentType: "application/json", body: "{"}); a.status != http.StatusBadRequest {
		t.Errorf("POST /api/citizen/register while sign-ins are limited: %d, want 400 for its bad body", a.status)
	}
}

func TestTheLimitIsPerClientAddressAndOnlyTrustedProxiesName(t *testing.T) {
	login := func(w *world, forwardedFor string) answer {
		rq := request{method: "POST", path: "/api/login", contentType: "application/json", body: `{"email": "x@example.be", "password": "x"}`}
		if forwardedFor != "" {
			rq.header = map[string]string{"X-Forwarded-For": forwardedFor}
		}
		return w.do(rq)
	}
	// Without a trusted proxy the peer is the client: a forged
	// X-Forwarded-For does not buy a new bucket.
	w := limitedWorld(t, map[string]string{"LOKET_RATE_SIGNIN": "1,1"})
	if a := login(w, ""); a.status != http.StatusUnauthorized {
		t.Fatalf("first sign-in: %d", a.status)
	}
	checkTooMany(t, "a second sign-in claiming another address", login(w, "203.0.113.9"), 60)

	// Behind a trusted proxy each forwarded client has its own bucket.
	w = limitedWorld(t, map[string]string{"LOKET_RATE_SIGNIN": "1,1", "LOKET_TRUSTED_PROXIES": "127.0.0.1, ::1"})
	if a := login(w, "203.0.113.9"); a.status != http.StatusUnauthorized {
		t.Fatalf("203.0.113.9's first sign-in: %d", a.status)
	}
	checkTooMany(t, "203.0.113.9's second sign-in", login(w, "203.0.113.9"), 60)
	// What the client put left of its own address is its own word.
	checkTooMany(t, "203.0.113.9 claiming to forward for another", login(w, "198.51.100.1, 203.0.113.9"), 60)
	if a := login(w, "203.0.113.10"); a.status != http.StatusUnauthorized {
		t.Errorf("another client behind the proxy: %d, want its own bucket", a.status)
	}
	// IPv6 clients are counted by their /64.
	if a := login(w, "2001:db8:1:2::1"); a.status != http.StatusUnauthorized {
		t.Fatalf("an IPv6 client's first sign-in: %d", a.status)
	}
	checkTooMany(t, "another address of the same /64", login(w, "2001:db8:1:2::ffff"), 60)
}

func TestRegistrationsAndThePublicEndpointsAreLimited(t *testing.T) {
	w := limitedWorld(t, map[string]string{"LOKET_RATE_REGISTER": "1,2", "LOKET_RATE_PUBLIC": "1,3"})
	for range 2 {
		if a := w.do(request{method: "POST", path: "/api/citizen/register", contentType: "application/json", body: "{"}); a.status != http.StatusBadRequest {
			t.Fatalf("a registration within the limit: %d", a.status)
		}
	}
	checkTooMany(t, "POST /api/citizen/register", w.do(request{method: "POST", path: "/api/citizen/register", contentType: "application/json", body: "{}"}), 60)

	// Geocoding and Open311 posts share the public bucket of three.
	for _, path := range []string{"/api/geocode?q=Grote+Markt", "/api/reverse?lon=3.2649&lat=50.8279"} {
		if a := w.do(request{method: "GET", path: path}); a.status != http.StatusOK {
			t.Fatalf("GET %s within the limit: %d %s", path, a.status, a.body)
		}
	}
	form := "application/x-www-form-urlencoded"
	if a := w.do(request{method: "POST", path: "/open311/v2/requests.json", contentType: form, body: "service_code=x"}); a.status != http.StatusForbidden {
		t.Fatalf("an Open311 post without api_key within the limit: %d, want 403", a.status)
	}
	checkTooMany(t, "GET /api/geocode", w.do(request{method: "GET", path: "/api/geocode?q=Grote+Markt"}), 60)
	a := w.do(request{method: "POST", path: "/open311/v2/requests.json", contentType: form, body: "service_code=x"})
	checkTooMany(t, "POST /open311/v2/requests.json", a, 60)
	var errs []struct {
		Code        int
		Description string
	}
	if json.Unmarshal([]byte(a.body), &errs) != nil || len(errs) != 1 || errs[0].Code != 429 {
		t.Errorf("Open311's 429 is not the spec's error list: %s", a.body)
	}
	a = w.do(request{method: "POST", path: "/open311/v2/requests.xml", contentType: form, body: "service_code=x"})
	checkTooMany(t, "POST /open311/v2/requests.xml", a, 60)
	if !strings.Contains(a.body, "<errors><error><code>429</code>") {
		t.Errorf("Open311's XML 429 is not the spec's error list: %s", a.body)
	}
	// Open311 reads have their own limit; staff are not counted here.
	if a := w.do(request{method: "GET", path: "/open311/v2/services.json"}); a.status != http.StatusOK {
		t.Errorf("GET /open311/v2/services.json: %d", a.status)
	}
	agent := w.signIn("agent")
	for range 5 {
		if a := w.do(request{method: "GET", path: "/api/geocode?q=Grote+Markt", session: agent}); a.status != http.StatusOK {
			t.Fatalf("staff geocoding past the public limit: %d", a.status)
		}
	}
}

func TestLimitsCanBeSwitchedOff(t *testing.T) {
	w := limitedWorld(t, map[string]string{"LOKET_RATE_PUBLIC": "off"})
	for i := range 100 {
		if a := w.do(request{method: "GET", path: "/api/reverse?lon=3.2649&lat=50.8279"}); a.status != http.StatusOK {
			t.Fatalf("request %d with the public limit off: %d", i+1, a.status)
		}
	}
}

func TestRateLimitsAreReadFromTheEnvironment(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	l, err := server.RateLimitsFromEnv(env(nil))
	if err != nil || l.SignIn != server.DefaultRateLimits.SignIn || l.Public != server.DefaultRateLimits.Public || len(l.TrustedProxies) != 0 {
		t.Errorf("nothing set: %+v %v, want the defaults", l, err)
	}
	l, err = server.RateLimitsFromEnv(env(map[string]string{"LOKET_RATE_SIGNIN": "6", "LOKET_RATE_REGISTER": "0.5,3",
		"LOKET_RATE_PUBLIC": "OFF", "LOKET_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7 ,::1"}))
	if err != nil {
		t.Fatal(err)
	}
	if l.SignIn != (server.Rate{PerMinute: 6, Burst: 6}) || l.Register != (server.Rate{PerMinute: 0.5, Burst: 3}) || l.Public != (server.Rate{}) {
		t.Errorf("limits read as %+v", l)
	}
	if got := []string{l.TrustedProxies[0].String(), l.TrustedProxies[1].String(), l.TrustedProxies[2].String()}; strings.Join(got, " ") != "10.0.0.0/8 192.0.2.7/32 ::1/128" {
		t.Errorf("trusted proxies read as %v", got)
	}
	for k, v := range map[string]string{"LOKET_RATE_SIGNIN": "lots", "LOKET_RATE_REGISTER": "0", "LOKET_RATE_PUBLIC": "10,0",
		"LOKET_TRUSTED_PROXIES": "the proxy"} {
		if _, err := server.RateLimitsFromEnv(env(map[string]string{k: v})); err == nil || !strings.Contains(err.Error(), k[len("LOKET_"):]) {
			t.Errorf("%s=%q: %v, want an error naming it", k, v, err)
		}
	}
	// A server with a wrong setting says so and keeps the defaults.
	t.Setenv("LOKET_RATE_SIGNIN", "lots")
	var log bytes.Buffer
	ts := httptest.NewServer(server.New(demoCity(t), slog.New(slog.NewTextHandler(&log, nil)), nil))
	defer ts.Close()
	if !strings.Contains(log.String(), "LOKET_RATE_SIGNIN") {
		t.Errorf("the log does not name the wrong setting: %s", log.String())
	}
	res, err := http.Post(ts.URL+"/api/login", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("POST /api/login with the default limit: %d, want 400 for its empty body", res.StatusCode)
	}
}
