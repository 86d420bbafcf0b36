package open311

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestTheLimiterCountsEachKeyApart(t *testing.T) {
	l := newLimiter()
	for i := range 3 {
		if !l.allow("a", 3) {
			t.Fatalf("request %d of 3 refused", i+1)
		}
	}
	if l.allow("a", 3) {
		t.Error("a fourth request within the minute was allowed")
	}
	if !l.allow("b", 3) {
		t.Error("another key was refused")
	}
}

func TestARefusalOverTheLimitSaysWhenToComeBack(t *testing.T) {
	w := httptest.NewRecorder()
	fail(w, httptest.NewRequest("GET", "/open311/v2/requests.json", nil), formatJSON, http.StatusTooManyRequests, "wait")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Errorf("over the limit: %d with Retry-After %q, want 429 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
}
