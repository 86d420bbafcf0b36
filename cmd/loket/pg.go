package main

import (
	"context"
	"flag"
	"fmt"

	"loket/internal/pgcluster"
)

func runPG(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("pg", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket pg start|stop|status [-pg-dir DIR]")
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.PGDir, "pg-dir", cfg.PGDir, "data folder of the private PostgreSQL cluster (env LOKET_PG_DIR)")
	action, err := parseAction(fs, args)
	if err != nil {
		return err
	}
	switch action {
	case "start":
		c, err := pgcluster.Start(pgcluster.Options{Dir: cfg.PGDir})
		if err != nil {
			return err
		}
		fmt.Println(c.URL("postgres"))
	case "stop":
		c, running := pgcluster.Running(cfg.PGDir)
		if !running {
			fmt.Println("not running")
			return nil
		}
		if err := c.Stop(); err != nil {
			return err
		}
		fmt.Println("stopped", c.Dir)
	case "status":
		c, running := pgcluster.Running(cfg.PGDir)
		if !running {
			fmt.Println("not running")
			return nil
		}
		fmt.Printf("running in %s: %s\n", c.Dir, c.URL("postgres"))
	default:
		fs.Usage()
		return fmt.Errorf("say start, stop or status, not %q", action)
	}
	return nil
}
