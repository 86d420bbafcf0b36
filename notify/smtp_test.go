package notify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"loket/internal/errs"
)

func TestSMTPUsesSTARTTLSAndLogsIn(t *testing.T) {
	serverTLS, clientTLS := selfSignedTLS(t)
	box := &mailbox{user: "loket", password: "s3cret"}
	addr, _ := serveMail(t, box, "127.0.0.1:0", serverTLS)
	sender := &SMTP{Addr: addr, Username: "loket", Password: "s3cret", TLS: clientTLS}

	for range 2 { // the second send goes straight to TLS
		if err := sender.Send(context.Background(), sampleMessage()); err != nil {
			t.Fatalf("send: %v", err)
		}
	}
	got := box.received()
	if len(got) != 2 {
		t.Fatalf("received %d messages, want 2", len(got))
	}
	for _, m := range got {
		if !m.TLS || m.From != "noreply@loket.example.be" || len(m.To) != 1 || m.To[0] != "elodie@example.org" {
			t.Errorf("received %+v", m)
		}
		// Lines of a single dot survive the SMTP transfer unchanged.
		if body := parseMail(t, m.Raw).Body; body != sampleMessage().Body {
			t.Errorf("body arrived as %q", body)
		}
	}
	if s := sender.String(); s != "smtp://loket:xxxxx@"+addr {
		t.Errorf("String() = %q shows the password or misses the address", s)
	}
}

func TestSMTPWithAWrongPasswordIsRetried(t *testing.T) {
	serverTLS, clientTLS := selfSignedTLS(t)
	addr, _ := serveMail(t, &mailbox{user: "loket", password: "s3cret"}, "127.0.0.1:0", serverTLS)
	err := (&SMTP{Addr: addr, Username: "loket", Password: "wrong", TLS: clientTLS}).Send(context.Background(), sampleMessage())
	if err == nil || errs.KindOf(err) != errs.Unavailable || !strings.Contains(err.Error(), "535") {
		t.Fatalf("err = %v (kind %v), want a refused login, Unavailable so rows wait for the fix", err, errs.KindOf(err))
	}
}

func TestSMTPRefusedRecipientIsPermanent(t *testing.T) {
	box := &mailbox{rejectDomain: "example.org"}
	addr, _ := serveMail(t, box, "127.0.0.1:0", nil)
	err := (&SMTP{Addr: addr}).Send(context.Background(), sampleMessage())
	if errs.KindOf(err) != errs.Invalid {
		t.Fatalf("err = %v (kind %v), want Invalid", err, errs.KindOf(err))
	}
	if n := len(box.received()); n != 0 {
		t.Errorf("%d messages accepted", n)
	}
}

func TestSMTPServerDownIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := (&SMTP{Addr: unusedAddr(t)}).Send(ctx, sampleMessage())
	if err == nil || errs.KindOf(err) != errs.Unavailable {
		t.Fatalf("err = %v (kind %v), want Unavailable", err, errs.KindOf(err))
	}
}

// A server that accepts the connection and then says nothing must not hold
// the worker longer than Timeout.
func TestSMTPGivesUpOnASilentServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	start := time.Now()
	err = (&SMTP{Addr: l.Addr().String(), Timeout: 200 * time.Millisecond}).Send(context.Background(), sampleMessage())
	if errs.KindOf(err) != errs.Unavailable {
		t.Fatalf("err = %v, want Unavailable", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v", took)
	}
}

// selfSignedTLS makes a certificate for 127.0.0.1 and a client config that
// trusts it.
func selfSignedTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: roots}
}
