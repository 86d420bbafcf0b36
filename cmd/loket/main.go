// Command loket runs Loket: the service, its demo, migrations, seeding,
// imports and benchmarks, as subcommands of one binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

type command struct {
	name, about string
	run         func(ctx context.Context, args []string) error
}

var commands = []command{
	{"demo", "start everything on the demo city of Kortrijk (PostgreSQL included)", runDemo},
	{"serve", "serve the HTTP API and pages", runServe},
	{"migrate", "apply (up) or list (status) the database migrations", runMigrate},
	{"seed", "replace the data with the generated demo city", runSeed},
	{"import", "load addresses, residents, neighbourhoods, weather or holidays from a file", runImport},
	{"ingest-mail", "turn e-mails (a Maildir, or one on stdin) into tickets and comments", runIngestMail},
	{"client", "create or disable a machine client's API token", runClient},
	{"apikey", "create or revoke an Open311 api_key (a machine client's token)", runClient},
	{"bench", "measure: geocode, intake", runBench},
	{"analyze", "find likely duplicates among the tickets (or fit how they are scored), or spikes in demand", runAnalyze},
	{"pg", "start, stop or inspect the private PostgreSQL cluster", runPG},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "loket:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage()
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:])
		}
	}
	usage()
	return fmt.Errorf("unknown command %q", args[0])
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: loket <command> [flags]   (loket <command> -h for its flags)")
	fmt.Fprintln(os.Stderr, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(os.Stderr, "  %-12s %s\n", c.name, c.about)
	}
}

// parse reads a command's flags, then checks the shared configuration.
func parse(fs *flag.FlagSet, cfg *Config, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	return cfg.Validate()
}

// parseAction reads a command's action word and flags in either order:
// `loket migrate up -pg-dir x` and `loket migrate -pg-dir x up`.
func parseAction(fs *flag.FlagSet, args []string) (string, error) {
	var action string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		action, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	switch {
	case action == "" && fs.NArg() == 1:
		action = fs.Arg(0)
	case fs.NArg() > 0:
		return "", fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return action, nil
}
