package analytics_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"loket/analytics"
)

// history plants 60 days of tickets in which some are reported again
// (within 15 m and 30 hours, labelled: half merged, half closed with a
// label) and others have an unrelated ticket of their category 120 to
// 220 m away soon after: what the baseline takes for duplicates.
func history(t *testing.T, w *town, start time.Time) {
	rng := rand.New(rand.NewPCG(7, 7))
	categories := []string{"pothole", "pavement", "street-light"}
	hours := func(lo, hi int) time.Duration { return time.Duration(lo*60+rng.IntN((hi-lo)*60)) * time.Minute }
	n := 0
	ref := func() string { n++; return fmt.Sprintf("H-%04d", n) }
	for day := range 60 {
		for range 6 {
			cat := categories[rng.IntN(len(categories))]
			east, north := rng.Float64()*3000-1500, rng.Float64()*3000-1500
			created := start.AddDate(0, 0, day).Add(hours(7, 19))
			var ended time.Time
			if rng.Float64() < 0.6 {
				ended = created.Add(hours(24, 240))
			}
			original := w.plant(planted{ref: ref(), category: cat, east: east, north: north, created: created, ended: ended,
				description: "Melding " + cat})
			if rng.Float64() < 0.35 {
				at := created.Add(hours(1, 30))
				p := planted{ref: ref(), category: cat, east: east + rng.Float64()*20 - 10, north: north + rng.Float64()*20 - 10,
					created: at, ended: at.Add(time.Hour), description: "Nog eens " + cat}
				if rng.IntN(2) == 0 {
					p.status, p.duplicateOf = "duplicate", original
					w.plant(p)
				} else {
					dup := w.plant(p)
					w.exec(`INSERT INTO ticket_duplicate_label (municipality_id, ticket_id, original_id, note) VALUES (1, $1, $2, 'dubbel')`, dup, original)
				}
			}
			if rng.Float64() < 0.35 {
				away := 120 + rng.Float64()*100
				at := created.Add(hours(1, 48))
				w.plant(planted{ref: ref(), category: cat, east: east + away, north: north, created: at, ended: at.Add(hours(24, 120)),
					description: "Andere melding " + cat})
			}
		}
	}
}

func TestFittedDetectionFindsThePlantedDuplicatesAndBeatsTheBaseline(t *testing.T) {
	w := newTown(t)
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	history(t, w, start)
	ctx := context.Background()
	d := analytics.NewDuplicates(w.pool)
	split, end := start.AddDate(0, 0, 40), start.AddDate(0, 0, 60)
	fit, err := d.Fit(ctx, 1, start, split)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("weights %.2f, threshold %.3f, rules %v", fit.Model.Weights, fit.Model.Threshold, fit.Rules)
	if fit.Model.Weights[1] >= 0 {
		t.Errorf("distance weight %.2f, want negative: duplicates lie closer", fit.Model.Weights[1])
	}
	if r := fit.Rules[w.cat["pothole"]]; r.RadiusM != 50 || r.Share <= 0.1 {
		t.Errorf("pothole rule %+v, want the smallest radius (originals within 15 m) and a share of duplicates near a quarter", r)
	}
	ev, err := d.Evaluate(ctx, 1, split, end, fit)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", ev)
	if ev.KnownOriginals < 20 || ev.Reachable != ev.KnownOriginals {
		t.Fatalf("%d known originals, %d reachable; want at least 20, all reachable", ev.KnownOriginals, ev.Reachable)
	}
	if ev.Model.Top5 != ev.KnownOriginals || ev.Model.Pair.Recall() < 0.9 || ev.Model.Pair.Precision() < 0.8 {
		t.Errorf("fitted: %d of %d originals in the top 5, pair recall %.2f, precision %.2f; want all, ≥ 0.9, ≥ 0.8",
			ev.Model.Top5, ev.KnownOriginals, ev.Model.Pair.Recall(), ev.Model.Pair.Precision())
	}
	if ev.Model.Ticket.F1() < ev.Baseline.Ticket.F1()+0.1 {
		t.Errorf("F1 %.2f fitted against %.2f for the baseline, want 10 points more: the decoys fool only the baseline",
			ev.Model.Ticket.F1(), ev.Baseline.Ticket.F1())
	}
	suggested, err := d.WithModel(fit.Model).Suggest(ctx, 1, split, end)
	if err != nil {
		t.Fatal(err)
	}
	marked := 0
	for _, s := range suggested {
		if s.AlreadyMarked {
			marked++
		}
	}
	if len(suggested) == 0 || float64(marked) < 0.8*float64(len(suggested)) {
		t.Errorf("%d suggestions, %d of them marked duplicates already; want mostly the planted ones", len(suggested), marked)
	}
}
