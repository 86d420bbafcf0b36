package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"loket/mailin"
	"loket/ticketing"
)

func runIngestMail(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("ingest-mail", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket ingest-mail [-maildir DIR] [flags] < message.eml")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	maildir := fs.String("maildir", "", "read every message in this Maildir (new/ and cur/) and mark each seen; empty: one message on stdin")
	category := fs.String("category", "algemene-vraag", "category code of tickets opened by e-mail, until an agent triages them")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	logger := cfg.logger()
	pool, municipality, closeAll, err := openServed(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	svc := ticketing.New(pool, nil)
	take := func(name string, r io.Reader) error {
		m, err := mailin.Parse(r)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		out, err := svc.TakeMessage(ctx, municipality, m, *category)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Printf("%s: %s %s\n", name, out.Outcome, out.Reference)
		return nil
	}
	if *maildir == "" {
		return take("stdin", os.Stdin)
	}
	entries, err := mailin.ReadMaildir(*maildir)
	if err != nil {
		return err
	}
	var failed []error
	for _, e := range entries {
		f, err := e.Open()
		if err == nil {
			err = take(e.Name, f)
			f.Close()
		}
		if err == nil {
			err = e.MarkSeen()
		}
		if err != nil {
			failed = append(failed, err)
			fmt.Fprintln(os.Stderr, err)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d messages could not be taken in: %w", len(failed), len(entries), errors.Join(failed...))
	}
	return nil
}
