package notify

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

func TestNewSenderPicksSMTPWhenAnAddressIsSet(t *testing.T) {
	s, err := NewSender("mail.example.be:587", "loket", "pw", "ignored")
	if err != nil {
		t.Fatal(err)
	}
	if smtp, ok := s.(*SMTP); !ok || smtp.Addr != "mail.example.be:587" || smtp.Username != "loket" || smtp.Password != "pw" {
		t.Errorf("NewSender = %#v, want SMTP to mail.example.be:587 as loket", s)
	}

	dir := filepath.Join(t.TempDir(), "mail")
	s, err = NewSender("", "", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := s.(Dir); !ok || d.Path != dir {
		t.Errorf("NewSender = %#v, want Dir %s", s, dir)
	}
}

func TestNewSenderRefusesWhatCannotWork(t *testing.T) {
	cases := map[string][4]string{
		"an address without a port":     {"mail.example.be", "", "", ""},
		"a password without a user":     {"mail.example.be:25", "", "pw", ""},
		"neither a server nor a folder": {"", "", "", ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := NewSender(c[0], c[1], c[2], c[3]); errs.KindOf(err) != errs.Invalid {
				t.Errorf("err = %v, want Invalid", err)
			}
		})
	}
}

func TestConfigValidateNamesEveryProblem(t *testing.T) {
	err := Config{From: "not an address", BaseURL: "/relative", BatchSize: -1}.Validate()
	if err == nil {
		t.Fatal("a config without sender, pool or valid from address was accepted")
	}
	for _, want := range []string{"from address", "base URL", "no mail sender", "no database pool", "negative"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not mention %q", err, want)
		}
	}
	good := Config{From: "Stad Kortrijk <noreply@kortrijk.be>", Sender: Dir{Path: t.TempDir()}, Pool: new(pgxpool.Pool)}
	if err := good.Validate(); err != nil {
		t.Errorf("valid config refused: %v", err)
	}
}
