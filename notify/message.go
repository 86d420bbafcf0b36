package notify

import (
	"bytes"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Message is one plain-text e-mail, ready for a Sender.
type Message struct {
	ID      string // Message-ID without angle brackets, fixed per outbox row
	From    mail.Address
	To      mail.Address
	Subject string
	Body    string // plain text, lines separated by "\n"
	Date    time.Time
}

// messageID names the mail after its outbox row, so a resend after a crash
// carries the same Message-ID and mail clients can fold the duplicate.
func messageID(municipalityID int, id int64, from mail.Address) string {
	return fmt.Sprintf("outbox-%d-%d@%s", municipalityID, id, domainOf(from.Address))
}

func domainOf(address string) string {
	return address[strings.LastIndexByte(address, '@')+1:]
}

// Bytes renders m as an RFC 5322 message with CRLF line endings: non-ASCII
// header text as RFC 2047 encoded words, the body as UTF-8 quoted-printable
// so no line is too long for any relay.
func (m Message) Bytes() []byte {
	var b bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&b, "%s: %s\r\n", name, value) }
	header("From", m.From.String())
	header("To", m.To.String())
	header("Subject", encodeSubject(m.Subject))
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", "<"+m.ID+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	// An automatic mail should not set off vacation replies (RFC 3834).
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(m.Body)) // writes to a bytes.Buffer do not fail
	qp.Close()
	return b.Bytes()
}

// encodeSubject encodes a non-ASCII subject and folds it between encoded
// words, where the space is not part of the text, to keep lines short.
func encodeSubject(s string) string {
	enc := mime.QEncoding.Encode("utf-8", s)
	if enc == s {
		return s
	}
	return strings.ReplaceAll(enc, "?= =?", "?=\r\n =?")
}
