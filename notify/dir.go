package notify

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"loket/internal/errs"
)

// Dir is a Sender that writes each message as an .eml file into Path, for
// demos and development without a mail server. The file is named after the
// Message-ID, so a resend replaces it instead of adding a copy.
type Dir struct {
	Path string
}

// Send writes m to a temporary file and renames it into place, so a reader
// of the folder never sees half a message.
func (d Dir) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(d.Path, 0o750); err != nil {
		return errs.Wrap(err, errs.Unavailable, "create mail folder")
	}
	tmp, err := os.CreateTemp(d.Path, ".sending-*")
	if err != nil {
		return errs.Wrap(err, errs.Unavailable, "create mail file")
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(m.Bytes()); err != nil {
		tmp.Close()
		return errs.Wrap(err, errs.Unavailable, "write mail file")
	}
	if err := tmp.Close(); err != nil {
		return errs.Wrap(err, errs.Unavailable, "write mail file")
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.Path, fileName(m.ID))); err != nil {
		return errs.Wrap(err, errs.Unavailable, "name mail file")
	}
	return nil
}

// fileName keeps the characters of a Message-ID that are safe in a file name
// on every system.
func fileName(id string) string {
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.@", r) {
			return r
		}
		return '_'
	}, id)
	return safe + ".eml"
}
