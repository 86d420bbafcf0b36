package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"loket/internal/auth"
)

// runClient manages the machine clients that report through the API with
// a bearer token, or through Open311 with the same token as api_key.
func runClient(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket client|apikey create NAME | loket client|apikey disable|revoke ID")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	if len(args) > 0 && args[0] == "revoke" {
		args[0] = "disable"
	}
	if len(args) < 2 || (args[0] != "create" && args[0] != "disable") {
		fs.Usage()
		return fmt.Errorf("say create NAME or disable ID")
	}
	action, arg := args[0], args[1]
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := cfg.logger()
	pool, municipality, closeAll, err := openServed(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	store := auth.NewStore(pool)
	if action == "disable" {
		id, err := strconv.Atoi(arg)
		if err != nil {
			return fmt.Errorf("client id %q is not a number", arg)
		}
		return store.DeactivateClient(ctx, municipality, id)
	}
	token, id, err := store.CreateClient(ctx, municipality, arg)
	if err != nil {
		return err
	}
	fmt.Printf("client %d %q created; its token (shown once, send it as \"Authorization: Bearer <token>\"):\n%s\n", id, arg, token)
	return nil
}
