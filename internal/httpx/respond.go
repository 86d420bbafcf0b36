// Package httpx holds the few pieces every Loket handler shares: the
// error-kind → status table, JSON responses, and the middleware chain.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"loket/internal/errs"
)

var statusOf = map[errs.Kind]int{
	errs.Internal:     http.StatusInternalServerError,
	errs.Invalid:      http.StatusBadRequest,
	errs.NotFound:     http.StatusNotFound,
	errs.Conflict:     http.StatusConflict,
	errs.Forbidden:    http.StatusForbidden,
	errs.Unauthorized: http.StatusUnauthorized,
	errs.Unavailable:  http.StatusServiceUnavailable,
	errs.Precondition: http.StatusPreconditionFailed,
	errs.TooLarge:     http.StatusRequestEntityTooLarge,
}

// Status is the HTTP status for err.
func Status(err error) int { return statusOf[kindOf(err)] }

// HandlerFunc returns a value to send as JSON, or an error.
type HandlerFunc func(r *http.Request) (any, error)

// JSON adapts h: a value becomes a 200 JSON body, an error becomes the
// error body with the status of its kind.
func JSON(h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := h(r)
		if err != nil {
			Error(w, r, err)
			return
		}
		WriteJSON(w, http.StatusOK, v)
	}
}

// Private marks h's answers as for the caller alone: never kept by a
// browser or a shared cache (staff analyses, personal data).
func Private(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, no-store")
		h(w, r)
	}
}

// ErrorBody is the shape of every JSON error.
type ErrorBody struct {
	Error struct {
		Status    int    `json:"status"`
		Message   string `json:"message"`
		RequestID string `json:"request_id,omitempty"`
	} `json:"error"`
}

// statusClientClosed is nginx's code for a request whose client left
// before the answer; it shows in the access log and metrics as such.
const statusClientClosed = 499

// Error writes err as JSON; server-side errors are logged with the request id.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	status := Status(err)
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		// The client left (a map panned on, a page closed): nobody reads
		// the answer and nothing failed on this side.
		slog.DebugContext(r.Context(), "client left", "request_id", middleware.GetReqID(r.Context()), "path", r.URL.Path)
		w.WriteHeader(statusClientClosed)
		return
	}
	if status >= 500 {
		slog.ErrorContext(r.Context(), "request failed", "request_id", middleware.GetReqID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	message := errs.MessageOf(err)
	if status == http.StatusServiceUnavailable {
		// Overload and outages pass: a client may come back soon.
		w.Header().Set("Retry-After", "2")
		if errs.KindOf(err) == errs.Internal {
			message = "the database cannot be reached right now; try again in a moment"
		}
	}
	WriteStatus(w, r, status, message)
}

// WriteStatus writes an error body with a status no error kind covers
// (405 from the router, for one).
func WriteStatus(w http.ResponseWriter, r *http.Request, status int, message string) {
	var body ErrorBody
	body.Error.Status = status
	body.Error.Message = message
	body.Error.RequestID = middleware.GetReqID(r.Context())
	WriteJSON(w, status, body)
}

// WriteJSON writes v with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}
