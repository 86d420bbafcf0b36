package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"loket/migrations"
)

func runMigrate(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket migrate up|status [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	action, err := parseAction(fs, args)
	if err != nil {
		return err
	}
	if action != "up" && action != "status" {
		fs.Usage()
		return fmt.Errorf("say `loket migrate up` or `loket migrate status`")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := cfg.logger()
	url, release, err := databaseURL(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer release()

	if action == "up" {
		n, err := migrations.Up(ctx, url)
		if err != nil {
			return err
		}
		fmt.Printf("applied %d migration(s); the schema is current\n", n)
		return nil
	}
	list, err := migrations.List(ctx, url)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tMIGRATION\tAPPLIED")
	for _, m := range list {
		applied := "pending"
		if m.Applied {
			applied = m.AppliedAt.Local().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", m.Version, m.Name, applied)
	}
	return tw.Flush()
}
