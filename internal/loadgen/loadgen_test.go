package loadgen_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/loadgen"
	"loket/internal/server"
	"loket/internal/testdb"
	"loket/seed"
)

// TestAShortMixedLoadGetsNoErrors runs the whole mix briefly at two
// levels against the real server over a seeded city: every route is
// called and answers, nothing fails, and the load's tickets are removed
// afterwards.
func TestAShortMixedLoadGetsNoErrors(t *testing.T) {
	pool := testdb.NewWith(t, "loadgen", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 3, Until: time.Now().AddDate(0, 0, -1), Years: 1, Tickets: 2000}); err != nil {
			return err
		}
		return geo.RefreshStreets(ctx, pool)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = server.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil).Serve(ctx, l) }()
	w, err := loadgen.Prepare(ctx, pool, 1)
	if err != nil {
		t.Fatal(err)
	}
	var before int
	pool.QueryRow(ctx, `SELECT count(*) FROM ticket`).Scan(&before)
	steps, err := w.Run(ctx, loadgen.Options{BaseURL: "http://" + l.Addr().String(), InFlight: []int{1, 4}, Step: 5 * time.Second, MaxRequests: 300})
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2 {
		t.Fatalf("%d steps, want 2", len(steps))
	}
	for _, st := range steps {
		if st.Total.Requests < 50 {
			t.Errorf("%d in flight: only %d requests", st.InFlight, st.Total.Requests)
		}
		for _, r := range st.Routes {
			ok := 0
			for code, n := range r.Statuses {
				if code >= 200 && code < 300 {
					ok += n
				}
			}
			if r.Errors > 0 || r.NoRetryAfter > 0 {
				t.Errorf("%d in flight, %s: %d errors, %d refusals without Retry-After (statuses %v)", st.InFlight, r.Route, r.Errors, r.NoRetryAfter, r.Statuses)
			}
			if r.Requests > 0 && ok == 0 {
				t.Errorf("%d in flight, %s: no request succeeded (statuses %v)", st.InFlight, r.Route, r.Statuses)
			}
		}
	}
	if k := loadgen.Knee(steps); k < 0 || k > 1 {
		t.Errorf("knee at step %d of 2", k)
	}
	w.Close(context.Background())
	var after int
	pool.QueryRow(ctx, `SELECT count(*) FROM ticket`).Scan(&after)
	if after != before {
		t.Errorf("%d tickets before the load and %d after its clean-up", before, after)
	}
	res, err := http.Get("http://" + l.Addr().String() + "/readyz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("the server is not ready after the load: %v %v", res, err)
	}
}

func TestTheKneeDoesNotCountRefusalsAsThroughput(t *testing.T) {
	steps := []loadgen.Step{
		{InFlight: 2, Total: loadgen.Stats{Requests: 1000, PerSecond: 100}},
		{InFlight: 8, Total: loadgen.Stats{Requests: 1300, PerSecond: 130}},
		// Ten times the answers, nearly all of them quick 503s.
		{InFlight: 128, Total: loadgen.Stats{Requests: 13000, PerSecond: 1300, Shed: 12400}},
	}
	if k := loadgen.Knee(steps); k != 1 {
		t.Errorf("knee at step %d, want 1 (the refusing step serves fewer requests)", k)
	}
}
