package notify

import (
	"context"
	"crypto/tls"
	"net"
	"sync/atomic"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"loket/internal/errs"
)

// SMTP is a Sender that submits each message over its own connection to the
// server at Addr, upgrading with STARTTLS when the server offers it and
// logging in with AUTH PLAIN when Username is set.
type SMTP struct {
	Addr     string        // host:port
	Username string        // empty: no login
	Password string        // never shown; String masks it
	Timeout  time.Duration // the most one message may take, connecting included; 0: 1 minute
	TLS      *tls.Config   // nil: verify the server against the system's roots

	// tlsSeen remembers that the server offered STARTTLS, so later
	// connections insist on it and a stripped offer fails instead of
	// falling back to plain text.
	tlsSeen atomic.Bool
}

func (s *SMTP) String() string {
	if s.Username != "" {
		return "smtp://" + s.Username + ":xxxxx@" + s.Addr
	}
	return "smtp://" + s.Addr
}

// Send delivers m, or returns why not; see permanence for which answers
// are final.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c, err := s.open(ctx)
	if err != nil {
		return errs.Wrap(err, errs.Unavailable, "connect to mail server "+s.Addr)
	}
	defer c.Close()
	if err := s.login(c); err != nil {
		return errs.Wrap(err, errs.Unavailable, "log in to mail server")
	}
	if err := c.Mail(m.From.Address, nil); err != nil {
		return errs.Wrap(err, errs.Unavailable, "mail server refused the sender")
	}
	if err := c.Rcpt(m.To.Address, nil); err != nil {
		return errs.Wrap(err, permanence(err), "mail server refused the recipient")
	}
	w, err := c.Data()
	if err != nil {
		return errs.Wrap(err, errs.Unavailable, "start message")
	}
	if _, err := w.Write(m.Bytes()); err != nil {
		return errs.Wrap(err, errs.Unavailable, "send message")
	}
	if err := w.Close(); err != nil {
		return errs.Wrap(err, permanence(err), "mail server refused the message")
	}
	c.Quit() // the message is accepted; a failed goodbye changes nothing
	return nil
}

// open connects and greets the server, over TLS when it offers STARTTLS.
// go-smtp only upgrades a fresh client, so the first time the offer is seen
// the connection is made again.
func (s *SMTP) open(ctx context.Context) (*smtp.Client, error) {
	conn, err := s.dial(ctx)
	if err != nil {
		return nil, err
	}
	if !s.tlsSeen.Load() {
		c := smtp.NewClient(conn)
		if err := c.Hello("localhost"); err != nil {
			c.Close()
			return nil, err
		}
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return c, nil
		}
		c.Quit()
		s.tlsSeen.Store(true)
		if conn, err = s.dial(ctx); err != nil {
			return nil, err
		}
	}
	config := &tls.Config{}
	if s.TLS != nil {
		config = s.TLS.Clone()
	}
	if config.ServerName == "" {
		config.ServerName, _, _ = net.SplitHostPort(s.Addr)
	}
	return smtp.NewClientStartTLS(conn, config)
}

func (s *SMTP) dial(ctx context.Context) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return nil, err
	}
	// go-smtp sets its own deadline per command; closing the connection is
	// how our deadline or a cancellation stops a server that hangs.
	context.AfterFunc(ctx, func() { conn.Close() })
	return conn, nil
}

// login authenticates when a user is configured, but never sends the
// password in clear text to another machine.
func (s *SMTP) login(c *smtp.Client) error {
	if s.Username == "" {
		return nil
	}
	if _, encrypted := c.TLSConnectionState(); !encrypted && !isLoopback(s.Addr) {
		return errs.E(errs.Unavailable, "the server offers no STARTTLS; refusing to send the password unencrypted")
	}
	return c.Auth(sasl.NewPlainClient("", s.Username, s.Password))
}

func isLoopback(addr string) bool {
	host, _, _ := net.SplitHostPort(addr)
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
