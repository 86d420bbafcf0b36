package httpx

import (
	"context"
	"net/http"
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

func TestAClientThatLeftIsNoServerError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := httptest.NewRecorder()
	Error(w, httptest.NewRequest("GET", "/tiles/tickets/1/2/3.mvt", nil).WithContext(ctx),
		errs.Wrap(context.Canceled, errs.Internal, "the tile could not be built"))
	if w.Code != statusClientClosed {
		t.Errorf("a cancelled request's error = %d, want %d", w.Code, statusClientClosed)
	}
	// The same error with the client still there is the server's fault.
	w = httptest.NewRecorder()
	Error(w, httptest.NewRequest("GET", "/x", nil), errs.Wrap(context.Canceled, errs.Internal, "failed"))
	if w.Code != http.StatusInternalServerError {
		t.Errorf("a cancellation the client did not cause = %d, want 500", w.Code)
	}
}
