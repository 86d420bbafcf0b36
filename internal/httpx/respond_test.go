package httpx

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

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

func TestADatabaseOutageIsA503NotA500(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, c := range []struct {
		name   string
		err    error
		status int
	}{
		{"no connection", errs.Wrap(refused, errs.Internal, "the ticket could not be saved"), 503},
		{"the server shutting down", errs.Wrap(&pgconn.PgError{Code: "57P01"}, errs.Internal, "x"), 503},
		{"the server starting up", &pgconn.PgError{Code: "57P03"}, 503},
		{"a broken connection", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), 503},
		{"a constraint", errs.Wrap(&pgconn.PgError{Code: "23505"}, errs.Internal, "x"), 500},
		{"a statement too slow", errs.Wrap(context.DeadlineExceeded, errs.Internal, "x"), 500},
		{"a caller's mistake", errs.Wrap(refused, errs.Invalid, "bad input"), 400},
	} {
		w := httptest.NewRecorder()
		Error(w, httptest.NewRequest("GET", "/", nil), c.err)
		if w.Code != c.status || (c.status == 503) != (w.Header().Get("Retry-After") != "") {
			t.Errorf("%s: %d with Retry-After %q, want %d", c.name, w.Code, w.Header().Get("Retry-After"), c.status)
		}
		if c.status == 503 && !strings.Contains(w.Body.String(), "database cannot be reached") {
			t.Errorf("%s: %s", c.name, w.Body)
		}
	}
}
