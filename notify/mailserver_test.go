package notify

import (
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// mailbox is the backend of a real SMTP server started by a test: it keeps
// every accepted message in memory and outlives server restarts.
type mailbox struct {
	rejectDomain   string // RCPT to this domain gets 550 5.1.1
	user, password string // set: AUTH PLAIN is required before MAIL

	mu    sync.Mutex
	mails []receivedMail
}

type receivedMail struct {
	From string
	To   []string
	Raw  []byte
	TLS  bool // whether the message came over an encrypted connection
}

func (b *mailbox) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{box: b, conn: c}, nil
}

func (b *mailbox) received() []receivedMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]receivedMail(nil), b.mails...)
}

// serveMail starts an SMTP server for box on addr ("127.0.0.1:0" picks a
// port) and returns its address and a function that stops it; the test's
// end stops it too.
func serveMail(t *testing.T, box *mailbox, addr string, tlsConfig *tls.Config) (string, func()) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen for SMTP: %v", err)
	}
	s := smtp.NewServer(box)
	s.Domain = "localhost"
	s.TLSConfig = tlsConfig
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.ErrorLog = log.New(io.Discard, "", 0)
	go s.Serve(l)
	var once sync.Once
	stop := func() { once.Do(func() { s.Close() }) }
	t.Cleanup(stop)
	return l.Addr().String(), stop
}

// unusedAddr is an address where nothing listens, as when a mail server is down.
func unusedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type session struct {
	box    *mailbox
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string {
	if s.box.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if user != s.box.user || password != s.box.password {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.box.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.box.rejectDomain != "" && strings.HasSuffix(to, "@"+s.box.rejectDomain) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(s.to) == 0 {
		return errors.New("no recipients")
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.box.mu.Lock()
	s.box.mails = append(s.box.mails, receivedMail{From: s.from, To: s.to, Raw: raw, TLS: isTLS})
	s.box.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
