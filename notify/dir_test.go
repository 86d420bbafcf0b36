package notify

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sampleMessage has what tends to break mail: accents in names and subject,
// a line longer than a relay allows, "=" signs and a line starting with a dot.
func sampleMessage() Message {
	return Message{
		ID:      "outbox-1-42@loket.example.be",
		From:    mail.Address{Name: "Stad Kortrijk", Address: "noreply@loket.example.be"},
		To:      mail.Address{Name: "Élodie Dubois", Address: "elodie@example.org"},
		Subject: "Votre signalement 1777-2026-000123 a été traité — merci pour votre aide précieuse dans notre ville",
		Body:    "Bonjour Élodie,\n\n" + strings.Repeat("Très long texte = avec des signes égal. ", 10) + "\n.\n.point\nFin\n",
		Date:    time.Date(2026, 11, 30, 14, 5, 0, 0, time.UTC),
	}
}

func TestDirWritesParseableMailFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	m := sampleMessage()
	if err := (Dir{Path: dir}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	// A resend of the same row replaces the file rather than adding one.
	if err := (Dir{Path: dir}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) != 1 || filepath.Base(files[0]) != "outbox-1-42@loket.example.be.eml" {
		t.Fatalf("files = %v, %v; want one named after the Message-ID", files, err)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	// RFC 5322 allows 998 bytes a line; quoted-printable keeps the body to 76.
	head, body, _ := strings.Cut(string(raw), "\r\n\r\n")
	for _, part := range []struct {
		text  string
		limit int
	}{{head, 998}, {body, 76}} {
		for _, line := range strings.Split(part.text, "\r\n") {
			if len(line) > part.limit || strings.ContainsAny(line, "\r\n") {
				t.Errorf("line of %d bytes, or with a bare line break: %q", len(line), line)
			}
		}
	}
	if strings.Count(head, "\r\n =?utf-8?q?") == 0 {
		t.Errorf("long subject not folded between encoded words:\n%s", head)
	}
	got := parseMail(t, raw)
	if got.Subject != m.Subject || got.Body != m.Body {
		t.Errorf("subject %q\nbody %q\nwant %q\n%q", got.Subject, got.Body, m.Subject, m.Body)
	}
	if got.From != m.From.String() || got.To != m.To.String() || got.MessageID != "<outbox-1-42@loket.example.be>" {
		t.Errorf("from %q to %q id %q", got.From, got.To, got.MessageID)
	}
	if !got.Date.Equal(m.Date) {
		t.Errorf("date %v, want %v", got.Date, m.Date)
	}
}

// parsedMail is a received message read back the way a mail client does.
type parsedMail struct {
	From, To, Subject, MessageID, Body string
	Date                               time.Time
}

func parseMail(t *testing.T, raw []byte) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, raw)
	}
	h := msg.Header
	if h.Get("MIME-Version") != "1.0" || h.Get("Content-Type") != "text/plain; charset=utf-8" ||
		h.Get("Content-Transfer-Encoding") != "quoted-printable" {
		t.Errorf("MIME headers: %v", h)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil {
		t.Errorf("subject: %v", err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Errorf("body: %v", err)
	}
	date, err := h.Date()
	if err != nil {
		t.Errorf("date: %v", err)
	}
	from, err := mail.ParseAddress(h.Get("From"))
	if err != nil {
		t.Fatalf("from: %v", err)
	}
	to, err := mail.ParseAddress(h.Get("To"))
	if err != nil {
		t.Fatalf("to: %v", err)
	}
	return parsedMail{
		From: from.String(), To: to.String(), Subject: subject, MessageID: h.Get("Message-ID"),
		Body: strings.ReplaceAll(string(body), "\r\n", "\n"), Date: date,
	}
}
