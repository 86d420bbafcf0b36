package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
)

// Config is everything the commands can be told, from flags with
// environment fallbacks; the defaults make `loket demo` need none.
type Config struct {
	DatabaseURL string // DATABASE_URL; empty means a private cluster in PGDir
	Addr        string // LOKET_ADDR
	PGDir       string // LOKET_PG_DIR
	LogLevel    string // LOKET_LOG_LEVEL: debug, info, warn, error
	LogFormat   string // LOKET_LOG_FORMAT: text or json
}

func defaultConfig() Config {
	return Config{
		DatabaseURL: os.Getenv("DATABASE_URL"),
		Addr:        envOr("LOKET_ADDR", "localhost:8080"),
		PGDir:       envOr("LOKET_PG_DIR", ".loket/pg"),
		LogLevel:    envOr("LOKET_LOG_LEVEL", "info"),
		LogFormat:   envOr("LOKET_LOG_FORMAT", "text"),
	}
}

// register binds the flags every command shares.
func (c *Config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "PostgreSQL connection string (env DATABASE_URL); empty: a private cluster in -pg-dir")
	fs.StringVar(&c.PGDir, "pg-dir", c.PGDir, "data folder of the private PostgreSQL cluster (env LOKET_PG_DIR)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (env LOKET_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json (env LOKET_LOG_FORMAT)")
}

func (c *Config) registerAddr(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "host:port to listen on (env LOKET_ADDR)")
}

// Validate checks the values before anything starts.
func (c Config) Validate() error {
	var problems []string
	if c.DatabaseURL == "" && c.PGDir == "" {
		problems = append(problems, "set -database-url or -pg-dir")
	}
	if c.Addr == "" {
		problems = append(problems, "-addr must not be empty")
	}
	if _, err := c.level(); err != nil {
		problems = append(problems, err.Error())
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, fmt.Sprintf("-log-format %q: use text or json", c.LogFormat))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// String shows the configuration with the database password masked.
func (c Config) String() string {
	return fmt.Sprintf("database=%s addr=%s pg-dir=%s log=%s/%s",
		maskPassword(c.DatabaseURL), c.Addr, c.PGDir, c.LogLevel, c.LogFormat)
}

func (c Config) level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return l, fmt.Errorf("-log-level %q: use debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// logger builds the process logger and makes it slog's default, so that
// packages logging through slog's functions follow the same settings.
// Validate has checked the values.
func (c Config) logger() *slog.Logger {
	level, _ := c.level()
	opts := &slog.HandlerOptions{Level: level}
	var l *slog.Logger
	if c.LogFormat == "json" {
		l = slog.New(slog.NewJSONHandler(os.Stderr, opts))
	} else {
		l = slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	slog.SetDefault(l)
	return l
}

func maskPassword(conn string) string {
	if conn == "" {
		return "(private cluster)"
	}
	u, err := url.Parse(conn)
	if err != nil || u.User == nil {
		return conn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
