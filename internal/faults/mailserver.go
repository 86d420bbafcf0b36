package faults

import (
	"errors"
	"io"
	"log"
	"net"
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// mailServer is a real SMTP server that keeps what it accepts. While
// refusing, it answers every sender with 421, as a server does that is
// overloaded or going down.
type mailServer struct {
	refusing atomic.Bool

	mu       sync.Mutex
	received []received
}

type received struct {
	to        string
	messageID string
}

// serve listens on addr until the returned function is called.
func (m *mailServer) serve(addr string) (stop func(), err error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := smtp.NewServer(m)
	s.Domain = "localhost"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.ErrorLog = log.New(io.Discard, "", 0)
	go s.Serve(l)
	return func() { s.Close() }, nil
}

func (m *mailServer) mails() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.received...)
}

func (m *mailServer) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &mailSession{server: m}, nil
}

type mailSession struct {
	server *mailServer
	to     []string
}

func (s *mailSession) Mail(string, *smtp.MailOptions) error {
	if s.server.refusing.Load() {
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "Service not available, try again later"}
	}
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	if len(s.to) != 1 {
		return errors.New("want one recipient")
	}
	s.server.mu.Lock()
	defer s.server.mu.Unlock()
	s.server.received = append(s.server.received, received{to: s.to[0],
		messageID: strings.Trim(msg.Header.Get("Message-ID"), "<>")})
	return nil
}

func (s *mailSession) Reset()        { s.to = nil }
func (s *mailSession) Logout() error { return nil }

// unusedAddr is a loopback address where nothing listens, as when the mail
// server is down; the server comes up on it later.
func unusedAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
