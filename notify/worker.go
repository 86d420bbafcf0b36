package notify

import (
	"context"
	"net/mail"
	"net/url"
	"time"
)

// Worker delivers due outbox rows; the package comment tells how.
type Worker struct {
	cfg       Config
	from      mail.Address
	baseURL   *url.URL
	templates templates
	wake      chan struct{}
}

// NewWorker checks cfg, fills in its defaults and parses the templates.
func NewWorker(cfg Config) (*Worker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	t, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	w := &Worker{cfg: cfg, templates: t, wake: make(chan struct{}, 1)}
	from, _ := mail.ParseAddress(cfg.From) // Validate has parsed it
	w.from = *from
	if cfg.BaseURL != "" {
		w.baseURL, _ = url.Parse(cfg.BaseURL)
	}
	return w, nil
}

// Wake asks Run to look for due rows now rather than at the next poll. Call
// it after committing a transaction that wrote to the outbox; it never
// blocks, and several calls before Run looks count as one.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers due rows until ctx is done. A failing round is logged and
// the next one tries again, so a database outage only delays mail.
func (w *Worker) Run(ctx context.Context) {
	for ctx.Err() == nil {
		sent, failed, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.cfg.Logger.Error("outbox round failed", "err", err)
		}
		if err == nil && sent+failed == w.cfg.BatchSize {
			continue // a full batch: more rows may be due right away
		}
		select {
		case <-ctx.Done():
		case <-w.wake:
		case <-time.After(w.cfg.PollInterval):
		}
	}
}
