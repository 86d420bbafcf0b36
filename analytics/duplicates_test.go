package analytics_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"loket/analytics"
	"loket/internal/errs"
)

// scene plants a new pothole report (TST-Y) among tickets that are and
// are not candidates, each for one reason.
type scene struct {
	*town
	y, x1   int64
	address int64
	now     time.Time
}

const yText = "Diep gat in de weg voor nummer 12"

func newScene(t *testing.T) *scene {
	w := newTown(t)
	now := time.Now().Truncate(time.Second)
	day := 24 * time.Hour
	s := &scene{town: w, now: now, address: w.address(20, 0)}
	s.y = w.plant(planted{ref: "TST-Y", category: "pothole", created: now.Add(-time.Hour), description: yText})
	s.x1 = w.plant(planted{ref: "TST-X1", category: "pothole", east: 20, created: now.Add(-2 * day),
		description: "Gat in de weg aan nummer 12", addressID: s.address})
	w.plant(planted{ref: "TST-X2-SIBLING", category: "pavement", north: 30, created: now.Add(-3 * day), description: "Losse tegel"})
	w.plant(planted{ref: "TST-X3-FAR", category: "pothole", east: 2000, created: now.Add(-day), description: yText})
	w.plant(planted{ref: "TST-X4-OTHER", category: "street-light", east: 10, created: now.Add(-day), description: "Lamp stuk"})
	w.plant(planted{ref: "TST-X5-LONG-CLOSED", category: "pothole", north: -40, created: now.Add(-300 * day), ended: now.Add(-200 * day)})
	w.plant(planted{ref: "TST-X6-RECENTLY-CLOSED", category: "pothole", east: -50, created: now.Add(-20 * day), ended: now.Add(-3 * day)})
	w.plant(planted{ref: "TST-X7-MERGED", category: "pothole", east: 15, created: now.Add(-5 * day), ended: now.Add(-4 * day),
		status: "duplicate", duplicateOf: s.x1})
	w.plant(planted{ref: "TST-X8-NEWER", category: "pothole", east: 25, created: now.Add(-30 * time.Minute)})
	w.plant(planted{ref: "TST-UNPLACED", category: "pothole", created: now.Add(-time.Hour), unplaced: true})
	return s
}

func references(a analytics.Answer) []string {
	var out []string
	for _, c := range a.Candidates {
		out = append(out, c.Reference)
	}
	return out
}

func TestATicketsCandidatesAreNearbyOlderOpenOrRecentTicketsOfItsOwnOrASiblingCategory(t *testing.T) {
	s := newScene(t)
	ctx := context.Background()
	d := analytics.NewDuplicates(s.pool)
	a, err := d.ForTicket(ctx, 1, "TST-Y")
	if err != nil {
		t.Fatal(err)
	}
	got := references(a)
	if len(got) == 0 || got[0] != "TST-X1" {
		t.Fatalf("candidates %v, want TST-X1 (same category, 20 m, open, like text) first", got)
	}
	want := []string{"TST-X1", "TST-X2-SIBLING", "TST-X6-RECENTLY-CLOSED"}
	if !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("candidates %v, want exactly %v: not far, other-category, long-closed, merged or newer ones", got, want)
	}
	first := a.Candidates[0]
	if first.ID != s.x1 || first.Category != "pothole" || first.Status != "assigned" || !first.SameCategory ||
		first.DistanceM < 19 || first.DistanceM > 21 || first.AgeDays < 1.9 || first.AgeDays > 2 {
		t.Errorf("first candidate %+v, want TST-X1 at 20 m, two days less an hour older", first)
	}
	for _, c := range a.Candidates[1:] {
		if c.Score >= first.Score {
			t.Errorf("%s scores %.4f, not below the first's %.4f", c.Reference, c.Score, first.Score)
		}
	}
	if a.Ticket != "TST-Y" || a.Category != "pothole" || a.RadiusM != analytics.DefaultRule.RadiusM || a.WindowDays != analytics.DefaultRule.WindowDays {
		t.Errorf("answer for %s (%s) searched %d m, %d days; want TST-Y, pothole, the default rule", a.Ticket, a.Category, a.RadiusM, a.WindowDays)
	}
	byID, err := d.ForTicket(ctx, 1, strconv.FormatInt(s.y, 10))
	if err != nil || !slices.Equal(references(byID), got) || byID.Ticket != "TST-Y" {
		t.Errorf("by id: %v (%v), want the same as by reference", references(byID), err)
	}
}

func TestACategorysOwnRadiusBoundsItsSearch(t *testing.T) {
	s := newScene(t)
	s.exec(`UPDATE category SET duplicate_radius_m = 10, duplicate_window_days = 1 WHERE code = 'pothole'`)
	a, err := analytics.NewDuplicates(s.pool).ForTicket(context.Background(), 1, "TST-Y")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Candidates) != 0 || a.RadiusM != 10 || a.WindowDays != 1 {
		t.Errorf("within 10 m: %v in %d m, %d days; want none in 10 m, 1 day", references(a), a.RadiusM, a.WindowDays)
	}
}

func TestADraftIsComparedWithTheTicketsThereAreNow(t *testing.T) {
	s := newScene(t)
	ctx := context.Background()
	d := analytics.NewDuplicates(s.pool)
	lon, lat := lonLat(0, 0)
	draft := analytics.Draft{Category: "pothole", Point: &analytics.DraftPoint{Lon: &lon, Lat: &lat}, Description: yText}
	a, err := d.Check(ctx, 1, draft)
	if err != nil {
		t.Fatal(err)
	}
	got := references(a)
	if len(got) == 0 || got[0] != "TST-Y" {
		t.Fatalf("draft candidates %v, want TST-Y (the same place and words, an hour ago) first", got)
	}
	// In a category whose tickets often turn out duplicates, the same
	// candidate scores higher, enough to be called likely.
	s.exec(`UPDATE category SET duplicate_share = 0.2 WHERE code = 'pothole'`)
	often, err := d.Check(ctx, 1, draft)
	if err != nil {
		t.Fatal(err)
	}
	if often.Candidates[0].Reference != "TST-Y" || often.Candidates[0].Score <= a.Candidates[0].Score || !often.Candidates[0].Likely {
		t.Errorf("with a 20 %% share of duplicates, TST-Y scores %.4f (likely %v), against %.4f with the overall share; want higher and likely",
			often.Candidates[0].Score, often.Candidates[0].Likely, a.Candidates[0].Score)
	}
	if !slices.Contains(got, "TST-X8-NEWER") || slices.Contains(got, "TST-X3-FAR") || slices.Contains(got, "TST-X4-OTHER") {
		t.Errorf("draft candidates %v: want the ticket of half an hour ago, not the far or other-category ones", got)
	}
	// Placed by the register address of TST-X1, the draft finds it first.
	a, err = d.Check(ctx, 1, analytics.Draft{Category: "pothole", AddressID: s.address})
	if err != nil {
		t.Fatal(err)
	}
	if got := references(a); len(got) == 0 || got[0] != "TST-X1" {
		t.Errorf("draft at TST-X1's address: candidates %v, want TST-X1 first", got)
	}
}

func TestBadQuestionsAreRefusedAsSuch(t *testing.T) {
	s := newScene(t)
	ctx := context.Background()
	d := analytics.NewDuplicates(s.pool)
	if _, err := d.ForTicket(ctx, 1, "TST-NOPE"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("unknown ticket: %v, want not found", err)
	}
	if _, err := d.ForTicket(ctx, 1, "TST-UNPLACED"); errs.KindOf(err) != errs.Conflict {
		t.Errorf("ticket without a place: %v, want a conflict", err)
	}
	if _, err := d.ForTicket(ctx, 2, "TST-Y"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("another municipality's ticket: %v, want not found", err)
	}
	lon, lat, far := 3.0, 50.0, 200.0
	for name, draft := range map[string]analytics.Draft{
		"no category":        {Point: &analytics.DraftPoint{Lon: &lon, Lat: &lat}},
		"unknown category":   {Category: "unicorns", Point: &analytics.DraftPoint{Lon: &lon, Lat: &lat}},
		"no place":           {Category: "pothole"},
		"two places":         {Category: "pothole", AddressID: s.address, Point: &analytics.DraftPoint{Lon: &lon, Lat: &lat}},
		"half a point":       {Category: "pothole", Point: &analytics.DraftPoint{Lon: &lon}},
		"off the globe":      {Category: "pothole", Point: &analytics.DraftPoint{Lon: &far, Lat: &lat}},
		"an unknown address": {Category: "pothole", AddressID: 999999},
	} {
		if _, err := d.Check(ctx, 1, draft); errs.KindOf(err) != errs.Invalid {
			t.Errorf("draft with %s: %v, want invalid input", name, err)
		}
	}
}

func TestDescriptionsDecideTheRankWhenTheModelWeighsThemHeavily(t *testing.T) {
	s := newScene(t)
	ctx := context.Background()
	// Twelve more potholes nearby, the farthest described like the draft.
	for i := range 12 {
		text := "Iets anders " + strconv.Itoa(i)
		if i == 11 {
			text = "Verzakte stoeprand bij de bakker"
		}
		s.plant(planted{ref: "TST-MORE-" + strconv.Itoa(i), category: "pothole", north: float64(5 + 5*i), created: s.now.Add(-time.Hour), description: text})
	}
	m := analytics.EmbeddedModel()
	m.Weights = []float64{0, -1, 0, 0, 8, 0, 0, 0, 0} // distance and words only
	lon, lat := lonLat(0, 0)
	a, err := analytics.NewDuplicates(s.pool).WithModel(m).Check(ctx, 1, analytics.Draft{Category: "pothole",
		Point: &analytics.DraftPoint{Lon: &lon, Lat: &lat}, Description: "Verzakte stoeprand bij de bakker"})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Candidates) != 10 || a.Candidates[0].Reference != "TST-MORE-11" {
		t.Errorf("candidates %v, want ten, the one described alike (60 m away) first", references(a))
	}
}
