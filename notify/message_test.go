package notify

import (
	"net/mail"
	"strings"
	"testing"
)

// Names and subjects come from citizens and staff; a line break in them
// must not start a header of its own.
func TestLineBreaksCannotAddHeaders(t *testing.T) {
	m := sampleMessage()
	m.To = mail.Address{Name: "Eve\r\nBcc: spy@example.net", Address: "eve@example.org"}
	m.Subject = "Hello\r\nBcc: spy@example.net"
	msg, err := mail.ReadMessage(strings.NewReader(string(m.Bytes())))
	if err != nil {
		t.Fatal(err)
	}
	if bcc := msg.Header.Get("Bcc"); bcc != "" {
		t.Errorf("a Bcc header got in: %q", bcc)
	}
	if got := parseMail(t, m.Bytes()); got.Subject != m.Subject {
		t.Errorf("subject %q, want %q back", got.Subject, m.Subject)
	}
}
