package analytics

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// Duplicates finds the tickets a new or given ticket may repeat: tickets
// of the same or a related category (siblings under one parent), near it
// (a radius per category), still open or ended only recently (a window
// per category), ranked by a score fitted on labelled duplicates (see
// duplicates_model.json). It reads tickets and never changes them:
// merging is ticketing's.
type Duplicates struct {
	pool  *pgxpool.Pool
	model Model
	clock func() time.Time
}

// NewDuplicates returns the finder over pool, scoring with the embedded
// model.
func NewDuplicates(pool *pgxpool.Pool) *Duplicates {
	return &Duplicates{pool: pool, model: EmbeddedModel(), clock: time.Now}
}

// WithModel returns a copy of d that scores with m.
func (d *Duplicates) WithModel(m Model) *Duplicates {
	c := *d
	c.model = m
	return &c
}

// Candidate is a ticket that may be the same request, as shown to staff.
type Candidate struct {
	ID           int64     `json:"id"`
	Reference    string    `json:"reference"`
	Category     string    `json:"category"`
	Status       string    `json:"status"`
	CreatedAt    time.Time `json:"created_at"`
	DistanceM    float64   `json:"distance_m"`
	AgeDays      float64   `json:"age_days"` // how much older than the ticket asked about
	SameCategory bool      `json:"same_category"`
	Score        float64   `json:"score"`  // the fitted probability that it is the original
	Likely       bool      `json:"likely"` // score at or above the model's threshold
	features     Features
}

// Answer is the ranked candidates of one ticket or draft, with the
// search's bounds.
type Answer struct {
	Ticket     string      `json:"ticket,omitempty"`
	Category   string      `json:"category"`
	RadiusM    int         `json:"radius_m"`
	WindowDays int         `json:"window_days"`
	Candidates []Candidate `json:"candidates"`
}

// shown is how many candidates an answer lists at most.
const shown = 10

// ForTicket ranks the tickets that ticket ref (a reference, or the
// numeric id) may repeat: older tickets that were open, or ended within
// the window, when it came in.
func (d *Duplicates) ForTicket(ctx context.Context, municipality int, ref string) (Answer, error) {
	var id int64
	var categoryID int
	var category, text string
	var placed bool
	err := d.pool.QueryRow(ctx, `
		SELECT t.id, t.reference, c.id, c.code, t.description, t.geom IS NOT NULL FROM ticket t
		JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		WHERE t.municipality_id = $1 AND (t.reference = $2 OR t.id = $3)
		LIMIT 1`, municipality, ref, numericID(ref)).Scan(&id, &ref, &categoryID, &category, &text, &placed)
	if errors.Is(err, pgx.ErrNoRows) {
		return Answer{}, errs.E(errs.NotFound, "ticket %s does not exist", ref)
	}
	if err != nil {
		return Answer{}, errs.Wrap(err, errs.Internal, "reading the ticket failed")
	}
	if !placed {
		return Answer{}, errs.E(errs.Conflict, "ticket %s has no place yet: duplicates are looked for around a place", ref)
	}
	q := search{municipality: municipality, probe: ticketProbeSQL, args: []any{id}}
	a, err := d.answer(ctx, q, categoryID, text)
	a.Ticket, a.Category = ref, category
	return a, err
}

// numericID reads a ticket id given instead of a reference (-1: none).
func numericID(ref string) int64 {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || strings.HasPrefix(ref, "+") {
		return -1
	}
	return id
}

// answer runs one probe's search and ranks what it finds; text is the
// probe's description.
func (d *Duplicates) answer(ctx context.Context, q search, category int, text string) (Answer, error) {
	rule, err := d.ruleOf(ctx, q.municipality, category, q.rules)
	if err != nil {
		return Answer{}, errs.Wrap(err, errs.Internal, "reading the category's search bounds failed")
	}
	a := Answer{RadiusM: rule.RadiusM, WindowDays: rule.WindowDays, Candidates: []Candidate{}}
	err = d.run(ctx, q, func(p pair) error {
		a.Candidates = append(a.Candidates, p.candidate)
		return nil
	})
	if err == nil {
		err = d.addText(ctx, q.municipality, text, a.Candidates)
	}
	if err != nil {
		return Answer{}, errs.Wrap(err, errs.Internal, "looking for duplicates failed")
	}
	for i := range a.Candidates {
		c := &a.Candidates[i]
		c.Score = round(d.model.Score(c.features), 4)
		c.Likely = c.Score >= d.model.Threshold
		c.DistanceM, c.AgeDays = round(c.DistanceM, 1), round(c.AgeDays, 2)
	}
	slices.SortStableFunc(a.Candidates, func(x, y Candidate) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.DistanceM, y.DistanceM), cmp.Compare(y.ID, x.ID))
	})
	if len(a.Candidates) > shown {
		a.Candidates = a.Candidates[:shown]
	}
	return a, nil
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
