package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"slices"

	"loket/internal/server"
	"loket/seed"
)

func runDemo(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	var sf seedFlags
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg.register(fs)
	cfg.registerAddr(fs)
	mc := defaultMailConfig()
	mc.register(fs)
	sf.register(fs)
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	opt, err := sf.options(os.Stderr)
	if err != nil {
		return err
	}
	logger := cfg.logger()
	l, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	defer l.Close()

	pool, closeAll, err := openDatabase(ctx, cfg, logger, true)
	if err != nil {
		return err
	}
	defer closeAll()

	done, err := seed.Complete(ctx, pool)
	if err != nil {
		return err
	}
	if done {
		fmt.Println("reusing the demo city already in the database")
	} else if _, err := seedCity(ctx, pool, opt); err != nil {
		return err
	}

	url := printWelcome(l.Addr())
	wake, err := startMailer(ctx, pool, logger, mc, url)
	if err != nil {
		return err
	}
	return server.New(pool, logger, wake).Serve(ctx, l)
}

func printWelcome(addr net.Addr) string {
	url := "http://" + addr.String()
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		url = fmt.Sprintf("http://localhost:%d", tcp.Port)
	}
	fmt.Printf("\nLoket is running on the demo city of Kortrijk at %s\n\n", url)
	fmt.Printf("Demo logins (staff sign in at %s/werk, the citizen at %s/mijn; the API takes POST /api/login):\n", url, url)
	for _, l := range append(slices.Clone(seed.DemoLogins), seed.DemoCitizen) {
		fmt.Printf("  %-24s %-6s %s\n", l.Email, l.Password, l.Role)
	}
	fmt.Println("\nCitizens register at POST /api/citizen/register; the mails Loket sends land in .loket/mail")
	fmt.Println("unless -smtp names a mail server. The API is described at /api/openapi.json.")
	fmt.Println("\nPress Ctrl-C to stop; the data stays for the next run.")
	return url
}
