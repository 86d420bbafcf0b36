package server

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestAdmissionRefusesWhatItCannotServeSoon(t *testing.T) {
	a := &admission{slots: make(chan struct{}, 1), queue: 1, wait: 100 * time.Millisecond}
	release, entered := make(chan struct{}), make(chan struct{}, 3)
	h := a.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/readyz" {
			return
		}
		entered <- struct{}{}
		<-release
	}))
	call := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w
	}
	var wg sync.WaitGroup
	var first *httptest.ResponseRecorder
	wg.Add(1)
	go func() { defer wg.Done(); first = call("/api/tickets") }()
	<-entered // the one slot is taken

	// The second waits its 100 ms in the queue and is refused; while it
	// waits, a third finds the queue full and is refused at once.
	var second *httptest.ResponseRecorder
	wg.Add(1)
	go func() { defer wg.Done(); second = call("/api/tickets") }()
	deadline := time.Now().Add(time.Second)
	for a.waiting.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	third := call("/api/tickets")
	if third.Code != http.StatusServiceUnavailable || third.Header().Get("Retry-After") == "" || time.Since(start) > 50*time.Millisecond {
		t.Errorf("with the queue full: %d, Retry-After %q after %s; want 503 with Retry-After at once",
			third.Code, third.Header().Get("Retry-After"), time.Since(start))
	}
	if probe := call("/readyz"); probe.Code != http.StatusOK {
		t.Errorf("a probe under load = %d, want it let through", probe.Code)
	}
	for a.waiting.Load() != 0 && time.Now().Before(deadline.Add(time.Second)) {
		time.Sleep(time.Millisecond) // until the second has given up its wait
	}
	close(release)
	wg.Wait()
	if second.Code != http.StatusServiceUnavailable || second.Header().Get("Retry-After") == "" {
		t.Errorf("after waiting past its turn: %d, want 503 with Retry-After", second.Code)
	}
	if first.Code != http.StatusOK {
		t.Errorf("the admitted request = %d, want 200", first.Code)
	}
	if len(a.slots) != 0 || a.waiting.Load() != 0 {
		t.Errorf("after all: %d slots held, %d waiting; want none", len(a.slots), a.waiting.Load())
	}
}
