package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/notify"
)

// mailConfig says how notifications leave: by SMTP when an address is
// set, else as .eml files in a folder (the demo's default).
type mailConfig struct {
	SMTPAddr     string // LOKET_SMTP_ADDR, host:port
	SMTPUser     string // LOKET_SMTP_USER
	SMTPPassword string // LOKET_SMTP_PASSWORD
	From         string // LOKET_MAIL_FROM
	Dir          string // LOKET_MAIL_DIR
	BaseURL      string // LOKET_BASE_URL: links in mails point here
}

func defaultMailConfig() mailConfig {
	return mailConfig{
		SMTPAddr:     envOr("LOKET_SMTP_ADDR", ""),
		SMTPUser:     envOr("LOKET_SMTP_USER", ""),
		SMTPPassword: envOr("LOKET_SMTP_PASSWORD", ""),
		From:         envOr("LOKET_MAIL_FROM", "noreply@loket.invalid"),
		Dir:          envOr("LOKET_MAIL_DIR", ".loket/mail"),
		BaseURL:      envOr("LOKET_BASE_URL", ""),
	}
}

func (m *mailConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&m.SMTPAddr, "smtp", m.SMTPAddr, "SMTP server host:port for notifications (env LOKET_SMTP_ADDR); empty: write .eml files to -mail-dir")
	fs.StringVar(&m.From, "mail-from", m.From, "sender address of notifications (env LOKET_MAIL_FROM)")
	fs.StringVar(&m.Dir, "mail-dir", m.Dir, "folder for notifications as .eml files when no SMTP server is set (env LOKET_MAIL_DIR)")
	fs.StringVar(&m.BaseURL, "base-url", m.BaseURL, "public URL of this service, for links in mails (env LOKET_BASE_URL); default: the listen address")
}

// startMailer runs the notification worker until ctx ends and returns its
// wake-up call for the server.
func startMailer(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger, m mailConfig, baseURL string) (func(), error) {
	sender, err := notify.NewSender(m.SMTPAddr, m.SMTPUser, m.SMTPPassword, m.Dir)
	if err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	if m.BaseURL != "" {
		baseURL = m.BaseURL
	}
	w, err := notify.NewWorker(notify.Config{From: m.From, BaseURL: baseURL, Sender: sender, Pool: pool, Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	go w.Run(ctx)
	where := "files in " + m.Dir
	if m.SMTPAddr != "" {
		where = "SMTP " + m.SMTPAddr
	}
	logger.Info("notifications", "to", where)
	return w.Wake, nil
}
