package server

import (
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"loket/internal/httpx"
)

// admission keeps the server at its knee when more arrives than it can
// serve: at most limit requests work at once, up to queue more wait at
// most wait for a turn, and the rest are refused at once with 503 and
// Retry-After. Without it, excess requests would queue for database
// connections until every answer came late, or not at all: a clean
// refusal lets a client (or its retry policy) come back, and keeps the
// requests already admitted fast.
type admission struct {
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64
	wait    time.Duration
}

// Sizing for a pool of n database connections: twice as many requests in
// work as connections, so one request's Go side (decoding, rendering a
// tile) overlaps another's query; four times that may wait, for up to one
// second, which absorbs a burst without letting the wait grow unbounded.
func newAdmission(poolConns int) *admission {
	limit := 2 * max(poolConns, 1)
	return &admission{slots: make(chan struct{}, limit), queue: int64(4 * limit), wait: time.Second}
}

// exempt are the paths that never wait: probes and metrics must answer
// under load to show it, and static files touch no database.
func exempt(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics" || strings.HasPrefix(path, "/static/")
}

// busy refuses r: a routine answer under overload, so it is counted by
// the metrics rather than logged as a failure.
func busy(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "1")
	httpx.WriteStatus(w, r, http.StatusServiceUnavailable, "the server is busy; try again in a moment")
}

func (a *admission) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if exempt(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case a.slots <- struct{}{}:
		default:
			if a.waiting.Add(1) > a.queue {
				a.waiting.Add(-1)
				busy(w, r)
				return
			}
			t := time.NewTimer(a.wait)
			select {
			case a.slots <- struct{}{}:
				t.Stop()
				a.waiting.Add(-1)
			case <-t.C:
				a.waiting.Add(-1)
				busy(w, r)
				return
			case <-r.Context().Done():
				t.Stop()
				a.waiting.Add(-1)
				return // the client left
			}
		}
		defer func() { <-a.slots }()
		next.ServeHTTP(w, r)
	})
}
