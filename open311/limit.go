package open311

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits per minute: reads per client address, and posts per api_key
// (checked in createRequest, where the key is known).
const (
	readsPerMinute = 1200
	postsPerMinute = 600
)

// limiter counts requests per key in fixed one-minute windows.
type limiter struct {
	mu     sync.Mutex
	window time.Time
	counts map[string]int
}

func newLimiter() *limiter { return &limiter{counts: map[string]int{}} }

// allow counts one request for key and says whether it is within max.
func (l *limiter) allow(key string, max int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := time.Now().Truncate(time.Minute); !now.Equal(l.window) {
		l.window, l.counts = now, map[string]int{}
	}
	l.counts[key]++
	return l.counts[key] <= max
}

// limit refuses a client address over readsPerMinute requests a minute.
func (a *API) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
		if !a.limits.allow("ip:"+ip, readsPerMinute) {
			fail(w, r, formatJSON, http.StatusTooManyRequests, "too many requests from this address; wait a minute")
			return
		}
		next.ServeHTTP(w, r)
	})
}
