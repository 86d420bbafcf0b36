package notify

import (
	"errors"

	"github.com/emersion/go-smtp"

	"loket/internal/errs"
)

// permanence tells a refusal that will not change from one worth retrying.
// A 5xx answer about the recipient or the message is final (Invalid), but
// 5.7.x and 530 (policy: relaying denied, login required) usually mean our
// own configuration is wrong, so those rows wait for it to be fixed.
func permanence(err error) errs.Kind {
	var e *smtp.SMTPError
	if !errors.As(err, &e) || e.Code < 500 || e.Code > 599 {
		return errs.Unavailable
	}
	if e.Code == 530 || e.EnhancedCode[1] == 7 {
		return errs.Unavailable
	}
	return errs.Invalid
}
