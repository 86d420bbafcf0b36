// Package errs is Loket's one error type: a kind that says what went wrong
// from the caller's side, and a message a person understands.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error; internal/httpx maps each kind to one HTTP status.
type Kind int

const (
	Internal     Kind = iota // a bug or an outage; details are logged, never shown
	Invalid                  // the input is wrong
	NotFound                 // the thing asked for does not exist
	Conflict                 // the request clashes with the current state
	Forbidden                // known caller, not allowed
	Unauthorized             // caller unknown
	Unavailable              // try again later (database down, overloaded)
	Precondition             // the caller's copy is stale (If-Match no longer holds)
	TooLarge                 // the request is bigger than the server takes
)

// Error carries a kind, a message meant for the caller, and the cause.
type Error struct {
	Kind    Kind
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// E makes an error of kind with a formatted message.
func E(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Wrap gives err a kind and a message for the caller, keeping it as the cause.
func Wrap(err error, kind Kind, message string) *Error {
	return &Error{Kind: kind, Message: message, Err: err}
}

// KindOf returns the kind of the outermost *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// MessageOf returns what the caller may read about err: its message, or a
// generic sentence for internal errors, whose details must not leak.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "something went wrong on our side"
}
