package season

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// Category is a ticket category as reports name it.
type Category struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Neighbourhood is the neighbourhood a report or forecast is limited to.
type Neighbourhood struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Query says what to report on or forecast.
type Query struct {
	Categories    []string  // codes; a parent code takes its sub-categories along; none: every category
	Neighbourhood string    // code; empty: the whole municipality
	From, To      time.Time // the history, both days included; zero: see Options.HistoryDays
	Language      string    // of the names (nl, fr, en); empty: the municipality's
}

// scope is a Query resolved against the database.
type scope struct {
	municipality  int
	zone          *time.Location
	categories    map[int]Category // every category, by id
	chosen        []int            // categories asked for; nil: all
	neighbourhood int              // 0: all
	nbh           *Neighbourhood
	today         time.Time // today's date in the municipality
	first, last   time.Time // the local days of its first and newest ticket
}

func resolve(ctx context.Context, tx pgx.Tx, municipality int, q Query) (*scope, error) {
	sc := &scope{municipality: municipality, categories: map[int]Category{}}
	var zone, language string
	var first, last *time.Time
	err := tx.QueryRow(ctx, `
		SELECT m.time_zone, m.default_language, (now() AT TIME ZONE m.time_zone)::date,
		       (SELECT (min(t.created_at) AT TIME ZONE m.time_zone)::date FROM ticket t WHERE t.municipality_id = m.id),
		       (SELECT (max(t.created_at) AT TIME ZONE m.time_zone)::date FROM ticket t WHERE t.municipality_id = m.id)
		  FROM municipality m WHERE m.id = $1`, municipality).Scan(&zone, &language, &sc.today, &first, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "municipality %d is not known", municipality)
	} else if err != nil {
		return nil, err
	}
	if first == nil {
		return nil, errs.E(errs.Invalid, "the municipality has no tickets yet")
	}
	sc.first, sc.last = *first, *last
	if sc.zone, err = time.LoadLocation(zone); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "the municipality's time zone is not known")
	}
	switch q.Language {
	case "nl", "fr", "en":
		language = q.Language
	}
	if err := sc.readCategories(ctx, tx, language, q.Categories); err != nil {
		return nil, err
	}
	if q.Neighbourhood != "" {
		var n Neighbourhood
		err := tx.QueryRow(ctx, `SELECT id, code, name FROM neighbourhood WHERE municipality_id = $1 AND code = $2`,
			municipality, q.Neighbourhood).Scan(&sc.neighbourhood, &n.Code, &n.Name)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, errs.E(errs.Invalid, "there is no neighbourhood with code %q", q.Neighbourhood)
		} else if err != nil {
			return nil, err
		}
		sc.nbh = &n
	}
	return sc, nil
}

// readCategories reads every category with its name in language, and
// picks the ones codes name, a parent taking its sub-categories along.
// An unknown code is an error, not a silently empty answer.
func (sc *scope) readCategories(ctx context.Context, tx pgx.Tx, language string, codes []string) error {
	rows, err := tx.Query(ctx, `
		SELECT c.id, c.code, CASE $2 WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END,
		       coalesce(p.code, '')
		  FROM category c
		  LEFT JOIN category p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id
		 WHERE c.municipality_id = $1
		 ORDER BY c.id`, sc.municipality, language)
	if err != nil {
		return err
	}
	var id int
	var c Category
	var parent string
	parents := map[int]string{}
	_, err = pgx.ForEachRow(rows, []any{&id, &c.Code, &c.Name, &parent}, func() error {
		sc.categories[id], parents[id] = c, parent
		return nil
	})
	if err != nil || len(codes) == 0 {
		return err
	}
	sc.chosen = []int{}
	for _, code := range codes {
		found := false
		for id, c := range sc.categories {
			if c.Code == code || parents[id] == code {
				found = true
				sc.chosen = append(sc.chosen, id)
			}
		}
		if !found {
			return errs.E(errs.Invalid, "there is no category with code %q", code)
		}
	}
	return nil
}

// lastFullDay is the newest day whose tickets are all in: yesterday, or
// the day of the newest ticket when the history stops earlier.
func (sc *scope) lastFullDay() time.Time {
	yesterday := sc.today.AddDate(0, 0, -1)
	if sc.last.Before(yesterday) {
		return sc.last
	}
	return yesterday
}

// historyRange checks the range a query asks for, or picks the last
// length days up to the last full day.
func (sc *scope) historyRange(q Query, length int) (from, to time.Time, err error) {
	to, from = sc.lastFullDay(), day(q.From)
	if !q.To.IsZero() {
		to = day(q.To)
		if !to.Before(sc.today) {
			return from, to, errs.E(errs.Invalid, "to must be a day before today (%s): today's tickets are not all in yet", sc.today.Format(time.DateOnly))
		}
	}
	if q.From.IsZero() {
		from = to.AddDate(0, 0, 1-length)
		if from.Before(sc.first) {
			from = sc.first
		}
	}
	n := int(to.Sub(from).Hours()/24) + 1
	switch {
	case n < minHistoryDays:
		return from, to, errs.E(errs.Invalid, "the range %s to %s holds %d days; at least %d are needed",
			from.Format(time.DateOnly), to.Format(time.DateOnly), max(n, 0), minHistoryDays)
	case n > maxHistoryDays:
		return from, to, errs.E(errs.Invalid, "a range of at most %d days, please", maxHistoryDays)
	}
	return from, to, nil
}
