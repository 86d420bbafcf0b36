package server

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"loket/internal/auth"
	"loket/internal/httpx"
)

// Rate is a token bucket per client address: Burst requests at once,
// refilled at PerMinute. A zero PerMinute means no limit.
type Rate struct {
	PerMinute float64
	Burst     int
}

// RateLimits caps, per client address, the requests that are cheap to send
// and dear to answer or to guess with.
//
// Each is set from the environment as "<per minute>[,<burst>]" or "off":
//
//	LOKET_RATE_SIGNIN    POST /api/login, /api/citizen/login, /werk/aanmelden, /mijn/aanmelden (default 10,20)
//	LOKET_RATE_REGISTER  POST /api/citizen/register (default 5,10)
//	LOKET_RATE_PUBLIC    GET /api/geocode, /api/reverse and POST /open311/v2/requests.* (default 120,60);
//	                     signed-in staff are not counted: they answer for what they do
//	LOKET_TRUSTED_PROXIES  addresses or networks of reverse proxies, comma-separated, whose
//	                     X-Forwarded-For names the client (default none: the peer is the client)
//
// The sign-in routes share one bucket, so guessing passwords through
// several of them is no faster than through one.
type RateLimits struct {
	SignIn         Rate
	Register       Rate
	Public         Rate
	TrustedProxies []netip.Prefix
}

// DefaultRateLimits leave a person who mistypes, an office behind one
// address and a map search as you type well alone, and make guessing
// passwords or scraping the geocoder slow.
var DefaultRateLimits = RateLimits{
	SignIn:   Rate{PerMinute: 10, Burst: 20},
	Register: Rate{PerMinute: 5, Burst: 10},
	Public:   Rate{PerMinute: 120, Burst: 60},
}

// RateLimitsFromEnv reads the limits from getenv (os.Getenv), keeping the
// default of each one that is not set.
func RateLimitsFromEnv(getenv func(string) string) (RateLimits, error) {
	l := DefaultRateLimits
	for _, v := range []struct {
		key  string
		rate *Rate
	}{{"LOKET_RATE_SIGNIN", &l.SignIn}, {"LOKET_RATE_REGISTER", &l.Register}, {"LOKET_RATE_PUBLIC", &l.Public}} {
		if s := getenv(v.key); s != "" {
			r, err := parseRate(s)
			if err != nil {
				return DefaultRateLimits, fmt.Errorf("%s=%q: %w", v.key, s, err)
			}
			*v.rate = r
		}
	}
	for _, s := range strings.Split(getenv("LOKET_TRUSTED_PROXIES"), ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return DefaultRateLimits, fmt.Errorf("LOKET_TRUSTED_PROXIES: %q is not an address or a network like 10.0.0.0/8", s)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		l.TrustedProxies = append(l.TrustedProxies, p.Masked())
	}
	return l, nil
}

// parseRate reads "<per minute>[,<burst>]" or "off"; the burst defaults
// to the rate a minute.
func parseRate(s string) (Rate, error) {
	if strings.EqualFold(strings.TrimSpace(s), "off") {
		return Rate{}, nil
	}
	perMinute, burst, hasBurst := strings.Cut(s, ",")
	n, err := strconv.ParseFloat(strings.TrimSpace(perMinute), 64)
	if err != nil || !(n > 0) || math.IsInf(n, 0) {
		return Rate{}, fmt.Errorf("write requests a minute and an optional burst, like 10,20, or off")
	}
	r := Rate{PerMinute: n, Burst: int(math.Ceil(n))}
	if hasBurst {
		if r.Burst, err = strconv.Atoi(strings.TrimSpace(burst)); err != nil || r.Burst < 1 {
			return Rate{}, fmt.Errorf("the burst must be a whole number of at least 1")
		}
	}
	return r, nil
}

// rateLimiter applies RateLimits to the routes they guard.
type rateLimiter struct {
	signIn, register, public *buckets
	trusted                  []netip.Prefix
}

func newRateLimiter(l RateLimits) *rateLimiter {
	return &rateLimiter{
		signIn:   newBuckets(l.SignIn, "sign-in attempts"),
		register: newBuckets(l.Register, "registrations"),
		public:   newBuckets(l.Public, "requests"),
		trusted:  l.TrustedProxies,
	}
}

// bucketsFor names the limited routes: the buckets r is counted in, or nil.
func (l *rateLimiter) bucketsFor(r *http.Request) *buckets {
	switch r.Method + " " + r.URL.Path {
	case "POST /api/login", "POST /api/citizen/login", "POST /werk/aanmelden", "POST /mijn/aanmelden":
		return l.signIn
	case "POST /api/citizen/register":
		return l.register
	case "GET /api/geocode", "GET /api/reverse":
		if auth.From(r.Context()).IsStaff() {
			return nil
		}
		return l.public
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/open311/v2/requests.") {
		return l.public
	}
	return nil
}

// middleware answers 429 with Retry-After to a client over its limit. It
// runs after the sign-in middleware, which tells staff apart.
func (l *rateLimiter) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b := l.bucketsFor(r); b != nil {
			if wait, ok := b.take(l.clientKey(r), time.Now()); !ok {
				tooManyRequests(w, r, b.what, wait)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// clientKey is what a client is counted under: its IP address, or for
// IPv6 its /64 network, which one subscriber usually holds whole. Behind
// a trusted proxy the client is the right-most X-Forwarded-For entry that
// is not a trusted proxy itself; the entries left of it are the client's
// own word and cannot be believed.
func (l *rateLimiter) clientKey(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	ip := peer.Addr().Unmap()
	if l.isTrusted(ip) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break
			}
			ip = hop.Unmap()
			if !l.isTrusted(ip) {
				break
			}
		}
	}
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

func (l *rateLimiter) isTrusted(ip netip.Addr) bool {
	for _, p := range l.trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// buckets are one limit's token buckets, one per client.
type buckets struct {
	limit rate.Limit
	burst int
	what  string // what is counted, for the message

	mu      sync.Mutex
	byKey   map[string]*rate.Limiter
	sweptAt time.Time
}

func newBuckets(r Rate, what string) *buckets {
	b := &buckets{limit: rate.Inf, burst: r.Burst, what: what, byKey: map[string]*rate.Limiter{}}
	if r.PerMinute > 0 {
		b.limit = rate.Limit(r.PerMinute / 60)
	}
	return b
}

// take counts one request of key at now; over the limit it says how long
// until the next one is allowed.
func (b *buckets) take(key string, now time.Time) (time.Duration, bool) {
	if b.limit == rate.Inf {
		return 0, true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sweep(now)
	lim := b.byKey[key]
	if lim == nil {
		lim = rate.NewLimiter(b.limit, b.burst)
		b.byKey[key] = lim
	}
	if lim.AllowN(now, 1) {
		return 0, true
	}
	missing := 1 - lim.TokensAt(now)
	return time.Duration(missing / float64(b.limit) * float64(time.Second)), false
}

// sweep forgets, once a minute, the clients whose bucket has filled up
// again: a full bucket is the same as a new one, so memory stays bounded
// by the clients of the last few minutes.
func (b *buckets) sweep(now time.Time) {
	if now.Sub(b.sweptAt) < time.Minute {
		return
	}
	b.sweptAt = now
	for key, lim := range b.byKey {
		if lim.TokensAt(now) >= float64(b.burst) {
			delete(b.byKey, key)
		}
	}
}

// tooManyRequests answers 429 in the form the caller reads: a page for
// the sign-in forms, the spec's error list for Open311, JSON elsewhere.
func tooManyRequests(w http.ResponseWriter, r *http.Request, what string, wait time.Duration) {
	seconds := max(1, int(math.Ceil(wait.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(seconds))
	w.Header().Set("Cache-Control", "no-store")
	message := fmt.Sprintf("too many %s from your address: try again in %d seconds", what, seconds)
	switch path := r.URL.Path; {
	case strings.HasPrefix(path, "/werk/") || strings.HasPrefix(path, "/mijn/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		_ = tooManyPage.Execute(w, struct {
			Seconds int
			Back    string // the sign-in form's page
		}{seconds, path[:len("/werk")]})
	case strings.HasPrefix(path, "/open311/") && strings.HasSuffix(path, ".xml"):
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<errors><error><code>429</code><description>" +
			template.HTMLEscapeString(message) + "</description></error></errors>\n"))
	case strings.HasPrefix(path, "/open311/"):
		httpx.WriteJSON(w, http.StatusTooManyRequests, []struct {
			Code        int    `json:"code"`
			Description string `json:"description"`
		}{{http.StatusTooManyRequests, message}})
	default:
		httpx.WriteStatus(w, r, http.StatusTooManyRequests, message)
	}
}

// tooManyPage tells a person at a sign-in form to wait, in the portal's
// three languages, since the form's own language is not known here.
var tooManyPage = template.Must(template.New("429").Parse(`<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Te veel pogingen · Trop de tentatives · Too many attempts</title>
<link rel="stylesheet" href="/static/loket.css"></head>
<body><main>
<h1>Te veel pogingen</h1>
<p>Er kwamen te veel aanmeldpogingen van uw adres. Probeer opnieuw over {{.Seconds}} seconden.</p>
<p lang="fr">Trop de tentatives de connexion depuis votre adresse. Réessayez dans {{.Seconds}} secondes.</p>
<p lang="en">Too many sign-in attempts from your address. Try again in {{.Seconds}} seconds.</p>
<p><a href="{{.Back}}">{{.Back}}</a></p>
</main></body>
</html>
`))
