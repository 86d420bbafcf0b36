package ticketing_test

import (
	"bytes"
	"context"
	"io"
	"log"
	"log/slog"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"loket/mailin"
	"loket/notify"
	"loket/ticketing"
)

// inbox is a real SMTP server's backend that keeps what it receives.
type inbox struct {
	mu    sync.Mutex
	mails [][]byte
}

func (b *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{box: b}, nil }

type inboxSession struct{ box *inbox }

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *inboxSession) Reset()                               {}
func (s *inboxSession) Logout() error                        { return nil }
func (s *inboxSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	s.box.mu.Lock()
	s.box.mails = append(s.box.mails, raw)
	s.box.mu.Unlock()
	return err
}

func serveSMTP(t *testing.T, box *inbox) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(box)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String()
}

// The e-mail channel end to end: a citizen's mail in a Maildir becomes a
// ticket; the confirmation goes out over real SMTP with the reference in
// its subject; the citizen's reply to it, dropped in the Maildir, becomes
// a comment on that ticket; the staff's public reply goes out too.
func TestAnEmailTicketRoundTripsThroughSMTPAndAMaildir(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	box := &inbox{}
	sender, err := notify.NewSender(serveSMTP(t, box), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	worker, err := notify.NewWorker(notify.Config{From: "Stad Kortrijk <1777@kortrijk.demo>", BaseURL: "https://loket.example",
		Sender: sender, Pool: s.pool, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	svc := ticketing.New(s.pool, worker.Wake)
	dir := t.TempDir()
	for _, sub := range []string{"new", "cur", "tmp"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	drop := func(name, raw string) {
		if err := os.WriteFile(filepath.Join(dir, "new", name), []byte(raw), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ingest := func() []ticketing.MailOutcome {
		entries, err := mailin.ReadMaildir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []ticketing.MailOutcome
		for _, e := range entries {
			if e.Folder != "new" {
				continue
			}
			f, err := e.Open()
			if err != nil {
				t.Fatal(err)
			}
			m, err := mailin.Parse(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			o, err := svc.TakeMessage(ctx, 1, m, "algemene-vraag")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.MarkSeen(); err != nil {
				t.Fatal(err)
			}
			out = append(out, o)
		}
		return out
	}
	deliver := func() [][]byte {
		if _, _, err := worker.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		box.mu.Lock()
		defer box.mu.Unlock()
		return append([][]byte(nil), box.mails...)
	}

	drop("1.eml", "From: Mia Peeters <mia@example.be>\r\nTo: 1777@kortrijk.demo\r\nSubject: Kapotte bank in het park\r\n"+
		"Message-ID: <first@example.be>\r\nDate: Fri, 27 Nov 2026 09:00:00 +0100\r\n\r\nDe bank aan de vijver is kapot.\r\n")
	got := ingest()
	if len(got) != 1 || got[0].Outcome != "ticket" {
		t.Fatalf("first mail: %+v", got)
	}
	ref := got[0].Reference
	sent := deliver()
	if len(sent) != 1 {
		t.Fatalf("%d mails sent, want the confirmation", len(sent))
	}
	confirmation, err := mail.ReadMessage(bytes.NewReader(sent[0]))
	if err != nil {
		t.Fatal(err)
	}
	subject := decodeHeader(confirmation.Header.Get("Subject"))
	if !strings.Contains(subject, ref) || confirmation.Header.Get("To") == "" || !strings.Contains(confirmation.Header.Get("To"), "mia@example.be") {
		t.Fatalf("confirmation to %q about %q, want mia@example.be and %s", confirmation.Header.Get("To"), subject, ref)
	}

	// The citizen answers the confirmation from their mail program.
	drop("2.eml", "From: mia@example.be\r\nTo: 1777@kortrijk.demo\r\nSubject: Re: "+subject+"\r\n"+
		"Message-ID: <second@example.be>\r\nIn-Reply-To: "+confirmation.Header.Get("Message-ID")+"\r\n\r\n"+
		"Er zit ook een spijker uit.\r\n\r\n> "+strings.ReplaceAll(subject, "\n", " ")+"\r\n")
	if got := ingest(); len(got) != 1 || got[0].Outcome != "comment" || got[0].Reference != ref {
		t.Fatalf("reply: %+v, want a comment on %s", got, ref)
	}
	if n := s.count(`SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
		WHERE t.reference = $1 AND e.kind = 'citizen_comment' AND e.body = 'Er zit ook een spijker uit.'`, ref); n != 1 {
		t.Errorf("the reply is not on the ticket's timeline (quote removed)")
	}
	if _, err := svc.Reply(ctx, s.principal("agent"), ref, ticketing.AnyVersion, "De bank wordt morgen hersteld."); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(sent) < 2 && time.Now().Before(deadline) {
		sent = deliver()
	}
	if len(sent) != 2 || !bytes.Contains(sent[1], []byte("hersteld")) {
		t.Fatalf("the public reply was not mailed: %d mails", len(sent))
	}
	if more := deliver(); len(more) != 2 {
		t.Errorf("a second round sent %d mails in all, want still 2", len(more))
	}
}
