package notify

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// Config tells a Worker where mail comes from and goes to; zero numbers
// take the defaults below.
type Config struct {
	From    string // sender, "Stad Kortrijk <noreply@kortrijk.be>" or a bare address
	BaseURL string // site that relative links in payloads point into; empty drops them
	Sender  Sender
	Pool    *pgxpool.Pool
	Logger  *slog.Logger // nil: slog.Default()

	BatchSize    int           // rows per RunOnce; 0: 100
	PollInterval time.Duration // between looks for due rows; 0: 1s
	MaxAttempts  int           // tries before a row is given up; 0: 10
	BackoffBase  time.Duration // delay after the first failure, doubling after each; 0: 30s
	BackoffMax   time.Duration // cap on that delay; 0: 1h
}

// Validate checks the values before anything starts.
func (c Config) Validate() error {
	var problems []string
	if from, err := mail.ParseAddress(c.From); err != nil {
		problems = append(problems, fmt.Sprintf("from address %q: %v", c.From, err))
	} else if domainOf(from.Address) == "" {
		problems = append(problems, fmt.Sprintf("from address %q has no domain", c.From))
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || !u.IsAbs() || u.Host == "" {
			problems = append(problems, fmt.Sprintf("base URL %q must be absolute, like https://loket.example.be", c.BaseURL))
		}
	}
	if c.Sender == nil {
		problems = append(problems, "no mail sender")
	}
	if c.Pool == nil {
		problems = append(problems, "no database pool")
	}
	if c.BatchSize < 0 || c.MaxAttempts < 0 || c.PollInterval < 0 || c.BackoffBase < 0 || c.BackoffMax < 0 {
		problems = append(problems, "batch size, attempts, interval and backoff must not be negative")
	}
	if len(problems) > 0 {
		return errs.E(errs.Invalid, "notify: %s", strings.Join(problems, "; "))
	}
	return nil
}

func (c Config) withDefaults() Config {
	c.BatchSize = cmp.Or(c.BatchSize, 100)
	c.MaxAttempts = cmp.Or(c.MaxAttempts, 10)
	c.PollInterval = cmp.Or(c.PollInterval, time.Second)
	c.BackoffBase = cmp.Or(c.BackoffBase, 30*time.Second)
	c.BackoffMax = cmp.Or(c.BackoffMax, time.Hour)
	c.Logger = cmp.Or(c.Logger, slog.Default())
	return c
}
