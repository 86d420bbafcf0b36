package httpx

import (
	"net/http/httptest"
	"testing"

	"loket/internal/errs"
)

func TestAnUnavailableAnswerSaysWhenToComeBack(t *testing.T) {
	for _, c := range []struct {
		kind       errs.Kind
		status     int
		retryAfter string
	}{
		{errs.Unavailable, 503, "2"},
		{errs.Invalid, 400, ""},
		{errs.Internal, 500, ""},
	} {
		w := httptest.NewRecorder()
		Error(w, httptest.NewRequest("GET", "/", nil), errs.E(c.kind, "no"))
		if w.Code != c.status || w.Header().Get("Retry-After") != c.retryAfter {
			t.Errorf("kind %d: %d with Retry-After %q, want %d with %q", c.kind, w.Code, w.Header().Get("Retry-After"), c.status, c.retryAfter)
		}
	}
}
