package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/database"
	"loket/internal/pgcluster"
	"loket/migrations"
)

// demoDatabase is the database Loket creates in its private cluster.
const demoDatabase = "loket"

// databaseURL returns cfg's DATABASE_URL, or starts the private cluster in
// cfg.PGDir and returns its URL. release stops the cluster again if this
// call started it (a cluster already running, e.g. under `loket demo`, is
// left alone).
func databaseURL(ctx context.Context, cfg Config, logger *slog.Logger) (url string, release func(), err error) {
	if cfg.DatabaseURL != "" {
		return cfg.DatabaseURL, func() {}, nil
	}
	c, running := pgcluster.Running(cfg.PGDir)
	release = func() {}
	if !running {
		logger.Info("starting private PostgreSQL", "dir", cfg.PGDir)
		if c, err = pgcluster.Start(pgcluster.Options{Dir: cfg.PGDir}); err != nil {
			return "", nil, err
		}
		release = func() {
			if err := c.Stop(); err != nil {
				logger.Error("stop PostgreSQL", "err", err)
				return
			}
			logger.Info("stopped private PostgreSQL", "dir", c.Dir)
		}
	}
	logger.Info("private PostgreSQL", "dir", c.Dir, "port", c.Port)
	if err := database.Ensure(ctx, c.URL("postgres"), demoDatabase); err != nil {
		release()
		return "", nil, fmt.Errorf("create database %s: %w", demoDatabase, err)
	}
	return c.URL(demoDatabase), release, nil
}

// openDatabase opens a pool on cfg's database (starting the private cluster
// if needed) after checking the schema is current; with migrate set it
// brings the schema up to date first. closeAll closes the pool, then stops
// the cluster if this call started it.
func openDatabase(ctx context.Context, cfg Config, logger *slog.Logger, migrate bool) (pool *pgxpool.Pool, closeAll func(), err error) {
	url, release, err := databaseURL(ctx, cfg, logger)
	if err != nil {
		return nil, nil, err
	}
	if pool, err = openMigrated(ctx, url, migrate, logger); err != nil {
		release()
		return nil, nil, err
	}
	return pool, func() { pool.Close(); release() }, nil
}

func openMigrated(ctx context.Context, url string, migrate bool, logger *slog.Logger) (*pgxpool.Pool, error) {
	if migrate {
		n, err := migrations.Up(ctx, url)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			logger.Info("applied migrations", "count", n)
		}
	} else {
		list, err := migrations.List(ctx, url)
		if err != nil {
			return nil, err
		}
		for _, m := range list {
			if !m.Applied {
				return nil, fmt.Errorf("the database schema is behind (%s not applied): run `loket migrate up`", m.Name)
			}
		}
	}
	return database.Open(ctx, url)
}

// openServed opens cfg's database, as it is, and finds the municipality
// it serves: what the commands that work on a city's data start with.
func openServed(ctx context.Context, cfg Config, logger *slog.Logger) (pool *pgxpool.Pool, municipality int, closeAll func(), err error) {
	pool, closeAll, err = openDatabase(ctx, cfg, logger, false)
	if err != nil {
		return nil, 0, nil, err
	}
	municipality, err = geo.ServedMunicipality(ctx, pool)
	if err != nil {
		closeAll()
		return nil, 0, nil, fmt.Errorf("%w: run `loket seed` or the imports first", err)
	}
	return pool, municipality, closeAll, nil
}
