package areas

import (
	"fmt"

	"loket/internal/errs"
)

// tooLargeError is a request whose answer would pass one of the Limits. It
// is an errs.Invalid to every caller; the HTTP layer answers it with 413.
type tooLargeError struct{ err *errs.Error }

func (e *tooLargeError) Error() string { return e.err.Error() }
func (e *tooLargeError) Unwrap() error { return e.err }

func tooLarge(format string, args ...any) error {
	return &tooLargeError{errs.E(errs.Invalid, "%s", fmt.Sprintf(format, args...))}
}
