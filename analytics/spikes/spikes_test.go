package spikes

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/countmodel"
	"loket/internal/errs"
)

// injectCopies adds copies more tickets of category on day (Brussels
// time) by copying that day's own, and returns how many there were
// before and the references of the copies.
func injectCopies(t *testing.T, pool *pgxpool.Pool, category string, day time.Time, copies int) (int, []string) {
	t.Helper()
	ctx := context.Background()
	var before int
	err := pool.QueryRow(ctx, `
		SELECT count(*) FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		 WHERE c.code = $1 AND (t.created_at AT TIME ZONE 'Europe/Brussels')::date = $2`, category, day).Scan(&before)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := pool.Query(ctx, `
		INSERT INTO ticket (municipality_id, reference, channel, category_id, description, geom, neighbourhood_id,
		                    geocode_quality, created_at, updated_at)
		SELECT t.municipality_id, t.reference || '-x' || g, t.channel, t.category_id, t.description, t.geom, t.neighbourhood_id,
		       t.geocode_quality, t.created_at, t.created_at
		  FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		 CROSS JOIN generate_series(1, $3) g
		 WHERE c.code = $1 AND (t.created_at AT TIME ZONE 'Europe/Brussels')::date = $2
		RETURNING reference`, category, day, copies)
	if err != nil {
		t.Fatal(err)
	}
	refs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return before, refs
}

func TestATripledDayOfOneCategoryIsASpikeWithItsTicketsListed(t *testing.T) {
	pool := seededCity(t)
	day := date(2025, time.November, 18) // a Tuesday
	baseline, injected := injectCopies(t, pool, "grofvuil", day, 2)
	if baseline < 20 {
		t.Fatalf("the test needs a category with 20 or more tickets that day, grofvuil has %d", baseline)
	}
	s, err := NewWithOptions(pool, Options{TicketsPerAlert: 1000})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Detect(context.Background(), kortrijk, Query{Day: day, Days: 7, Language: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	var found *Alert
	for i, a := range rep.Alerts {
		if a.Category.Code == "grofvuil" && a.Neighbourhood == nil && a.Kind == countmodel.KindSpike {
			if !a.Day.Equal(day) {
				t.Errorf("a spike of grofvuil on %s, not the injected day", a.Day)
			}
			found = &rep.Alerts[i]
		}
	}
	if found == nil {
		t.Fatalf("no spike of grofvuil on %s; alerts: %+v", day.Format(time.DateOnly), rep.Alerts)
	}
	a := *found
	t.Logf("grofvuil on %s: %v tickets, %.1f expected, p %.3g, adjusted %.3g, among %d series", a.Day, a.Observed, a.Expected, a.P, a.AdjustedP, rep.Series.Monitored)
	if a.Observed != float64(3*baseline) || a.Observed < 2*a.Expected || a.AdjustedP > 0.01 || a.AdjustedP < a.P {
		t.Errorf("spike: observed %v (want %d), expected %.1f, p %.3g, adjusted %.3g", a.Observed, 3*baseline, a.Expected, a.P, a.AdjustedP)
	}
	if a.Category.Name != "Enlèvement des encombrants" {
		t.Errorf("category name %q, want the French one asked for", a.Category.Name)
	}
	if len(a.Tickets) != 3*baseline {
		t.Fatalf("%d tickets listed, want all %d of the day", len(a.Tickets), 3*baseline)
	}
	listed := map[string]bool{}
	for _, tk := range a.Tickets {
		listed[tk.Reference] = true
		if got := dateOf(tk.CreatedAt.In(brussels(t))); !got.Equal(day) {
			t.Errorf("ticket %s was created on %s, not the spike's day", tk.Reference, got.Format(time.DateOnly))
		}
	}
	for _, ref := range injected {
		if !listed[ref] {
			t.Errorf("injected ticket %s is not listed with the spike", ref)
		}
	}
	short, err := New(pool).Detect(context.Background(), kortrijk, Query{Day: day, Days: 7, Categories: []string{"grofvuil"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(short.Alerts) == 0 || len(short.Alerts[0].Tickets) != 50 {
		t.Errorf("by default an alert lists 50 tickets: %+v", short.Alerts)
	}
}

func TestTheAutumnPeakOfFallenLeavesIsNotASpike(t *testing.T) {
	pool := seededCity(t)
	day := date(2025, time.November, 14)
	var peak, year float64
	err := pool.QueryRow(context.Background(), `
		SELECT count(*) FILTER (WHERE d > $1::date - 28) / 28.0, count(*) FILTER (WHERE d > $1::date - 365) / 365.0
		  FROM (SELECT (t.created_at AT TIME ZONE 'Europe/Brussels')::date AS d
		          FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		         WHERE c.code = 'bladval') x WHERE d <= $1::date`, day).Scan(&peak, &year)
	if err != nil {
		t.Fatal(err)
	}
	if peak < 2.5*year || peak < 10 {
		t.Fatalf("the test needs the leaves' peak: %.1f a day in the 28 days, %.1f over the year", peak, year)
	}
	for _, q := range []Query{
		{Day: day, Days: 28},
		{Day: day, Days: 28, Categories: []string{"bladval"}}, // alone, with no other series to share the adjustment
	} {
		rep, err := New(pool).Detect(context.Background(), kortrijk, q)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Series.Monitored == 0 || slices.ContainsFunc(rep.Series.Skipped, func(s Skipped) bool { return s.Category.Code == "bladval" }) {
			t.Fatalf("bladval was not monitored: %+v", rep.Series)
		}
		for _, a := range rep.Alerts {
			if a.Category.Code == "bladval" && a.Kind == countmodel.KindSpike {
				t.Errorf("categories %v: the seasonal peak raised a spike: %+v", q.Categories, a)
			}
		}
	}
}

func TestASlowOrCancelledDetectionIsUnavailableNotAnError(t *testing.T) {
	pool := seededCity(t)
	slow, err := NewWithOptions(pool, Options{StatementTimeout: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = slow.Detect(context.Background(), kortrijk, Query{Day: date(2025, 11, 14)})
	if errs.KindOf(err) != errs.Unavailable {
		t.Errorf("with a 1 ms statement timeout: %v, want an unavailable error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = New(pool).Detect(ctx, kortrijk, Query{Day: date(2025, 11, 14)})
	if errs.KindOf(err) != errs.Unavailable || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want an unavailable error caused by the cancellation", err)
	}
}

func brussels(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// BenchmarkDetectSeededCity times one request's whole detection (counts,
// fits, tickets) over the 170,000 tickets of the test city.
func BenchmarkDetectSeededCity(b *testing.B) {
	s := New(seededCity(b))
	for b.Loop() {
		if _, err := s.Detect(context.Background(), kortrijk, Query{Day: date(2025, 11, 20), Days: 7}); err != nil {
			b.Fatal(err)
		}
	}
}
