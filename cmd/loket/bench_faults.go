package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/auth"
	"loket/internal/faults"
	"loket/internal/pgcluster"
)

// faultScenarios in the order they run: the mail scenario needs an outbox
// with nothing waiting, which the others leave behind.
var faultScenarios = []string{"mail", "kill", "restart"}

// runBenchFaults breaks what Loket stands on under load at full size:
// `loket bench faults [flags]`.
func runBenchFaults(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench faults", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench faults [flags]")
		fmt.Fprintln(fs.Output(), "kill: kills `loket serve` with SIGKILL while agents report tickets, restarts it and sends every report")
		fmt.Fprintln(fs.Output(), "  again with its Idempotency-Key; mail: queues notifications while the mail server is down, then")
		fmt.Fprintln(fs.Output(), "  refusing, then back; restart: stops PostgreSQL under load and starts it again (the private cluster")
		fmt.Fprintln(fs.Output(), "  in -pg-dir only). Prints what each saw and every broken promise, and removes the tickets it made.")
		fmt.Fprintln(fs.Output(), "Needs the demo city's logins (loket seed).")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	scenarios := fs.String("scenarios", strings.Join(faultScenarios, ","), "the scenarios to run, comma-separated")
	clients := fs.Int("clients", 6, "agents reporting tickets at once")
	before := fs.Duration("before", 10*time.Second, "load before each fault")
	acked := fs.Int("acked", 1000, "tickets acknowledged before each fault (and after PostgreSQL is back) at least")
	outage := fs.Duration("outage", 5*time.Second, "how long PostgreSQL stays down")
	mails := fs.Int("mails", 200, "mail: tickets reported while the mail server is down; the first quarter also get a public reply")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	asked := strings.Split(*scenarios, ",")
	for i, s := range asked {
		if asked[i] = strings.TrimSpace(s); !slices.Contains(faultScenarios, asked[i]) {
			return fmt.Errorf("-scenarios takes %s, not %q", strings.Join(faultScenarios, ", "), s)
		}
	}
	if *clients < 1 || *clients > 256 || *acked < 1 || *mails < 1 || *mails > 10000 || *before < 0 || *outage < time.Second {
		return fmt.Errorf("-clients 1–256, -acked at least 1, -mails 1–10000, -before at least 0 and -outage at least 1s")
	}
	logger := cfg.logger()
	pool, _, closeAll, err := openServed(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	token, _, err := auth.NewStore(pool).Login(ctx, "agent@kortrijk.demo", "demo")
	if err != nil {
		return fmt.Errorf("sign-in of the demo agent (agent@kortrijk.demo): %w; seed the demo city first", err)
	}
	places, err := faults.Places(ctx, pool, 200)
	if err != nil {
		return err
	}
	binary, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "loket-bench-faults-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	prefix := fmt.Sprintf("bench-faults-%d", time.Now().Unix())
	first, err := faults.LastTicketID(ctx, pool)
	if err != nil {
		return err
	}
	defer func() {
		if err := faults.Remove(context.WithoutCancel(ctx), pool, first, prefix); err != nil {
			logger.Error("remove the tickets of the scenarios", "err", err)
		}
	}()
	load := faults.Load{Token: token, Places: places, Clients: *clients, MinAcked: *acked, Before: *before, Outage: *outage}
	dbURL := pool.Config().ConnString()
	broken := 0
	for _, s := range faultScenarios {
		if !slices.Contains(asked, s) {
			continue
		}
		load.Prefix = prefix + "-" + s
		problems, err := runFault(ctx, s, binary, dbURL, dir, pool, cfg, load, *mails)
		if err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
		for _, p := range problems {
			fmt.Println("  broken:", p)
		}
		broken += len(problems)
	}
	if broken > 0 {
		return fmt.Errorf("%d broken promises", broken)
	}
	return nil
}

// runFault runs one scenario, prints what it saw and returns the broken
// promises.
func runFault(ctx context.Context, scenario, binary, dbURL, dir string, pool *pgxpool.Pool, cfg Config, load faults.Load, mails int) ([]string, error) {
	switch scenario {
	case "kill":
		rep, err := faults.KillDuringIntake(ctx, binary, dbURL, dir, pool, load)
		if err != nil {
			return nil, err
		}
		fmt.Printf("kill: %d reports sent by %d agents, %d acknowledged, %d unanswered at the kill (%d of them saved);\n"+
			"  after a restart and every report sent again, %d tickets, each once and whole\n",
			rep.Sent, load.Clients, rep.Acked, rep.Unanswered, rep.SavedUnanswered, rep.Checked)
		return rep.Problems, nil
	case "mail":
		rep, err := faults.MailServerDown(ctx, pool, load, mails, mails/4)
		if err != nil {
			return nil, err
		}
		fmt.Printf("mail: %d notifications kept while the mail server was down, then refusing (each failed up to %d times);\n"+
			"  %d delivered once each when it came back, %s after the first ticket\n",
			rep.Notifications, rep.MostAttempts-1, rep.Delivered, rep.Took.Round(time.Millisecond))
		return rep.Problems, nil
	}
	pg, err := privateCluster(cfg, dbURL)
	if err != nil {
		fmt.Printf("restart: not run: %v\n", err)
		return nil, nil
	}
	rep, err := faults.RestartPostgres(ctx, binary, dbURL, dir, pg, load)
	if err != nil {
		return nil, err
	}
	fmt.Printf("restart: PostgreSQL down %s under %d agents: %d answers meanwhile, the slowest in %s;\n"+
		"  the first ticket acknowledged %s after it was back; %d tickets in all, each once and whole\n",
		rep.Outage.Round(time.Millisecond), load.Clients, rep.DuringOutage, rep.Slowest.Round(time.Millisecond),
		rep.Back.Round(time.Millisecond), rep.Checked)
	return rep.Problems, nil
}

// privateCluster is the cluster in cfg.PGDir when dbURL is one of its
// databases: only that one is Loket's to stop.
func privateCluster(cfg Config, dbURL string) (faults.Postgres, error) {
	c, ok := pgcluster.Running(cfg.PGDir)
	if !ok {
		return nil, fmt.Errorf("no private cluster runs in %s; the scenario stops and starts only that one", cfg.PGDir)
	}
	pc, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return nil, err
	}
	if host, port := pc.ConnConfig.Host, int(pc.ConnConfig.Port); port != c.Port || (host != "127.0.0.1" && host != "localhost") {
		return nil, fmt.Errorf("the database is at %s, not on the private cluster in %s (port %d)",
			net.JoinHostPort(host, strconv.Itoa(port)), cfg.PGDir, c.Port)
	}
	return faults.Cluster{Options: pgcluster.Options{Dir: c.Dir, Port: c.Port}}, nil
}
