package notify

import (
	"context"
	"net"
	"os"

	"loket/internal/errs"
)

// Sender hands one message on for delivery. An error of kind errs.Invalid
// means this message can never be delivered (the server refused the
// recipient); any other error is worth another try later.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// NewSender picks the mail server at smtpAddr (host:port) when it is set,
// else writes .eml files into dir, so a demo without a mail server still
// shows what would have been sent.
func NewSender(smtpAddr, username, password, dir string) (Sender, error) {
	if smtpAddr != "" {
		if _, _, err := net.SplitHostPort(smtpAddr); err != nil {
			return nil, errs.Wrap(err, errs.Invalid, "SMTP address must be host:port")
		}
		if username == "" && password != "" {
			return nil, errs.E(errs.Invalid, "SMTP password given without a user name")
		}
		return &SMTP{Addr: smtpAddr, Username: username, Password: password}, nil
	}
	if dir == "" {
		return nil, errs.E(errs.Invalid, "set an SMTP address or a folder for mail files")
	}
	// Made now so that a folder we may not write fails at start, not per mail.
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "mail folder")
	}
	return Dir{Path: dir}, nil
}
