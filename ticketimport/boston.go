package ticketimport

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/errs"
)

// ImportBoston311 loads Boston's 311 export (CSV, gzip-compressed or not)
// into a municipality, creating it, its teams (one per QUEUE) and its
// categories (one per TYPE, grouped under one per REASON) when missing.
// The coordinates Boston gives cases it could not place are detected over
// the whole file first (geo.FallbackDetector): those cases, and those
// outside every neighbourhood, are kept without a place. The cases are
// copied into a staging table and written in one transaction: new ones
// inserted, changed ones updated, the rest left alone, with their events,
// their duplicate labels and their counts on the map. An import that adds
// tickets counts the municipality's map whole (loket_count_map), like the
// seed: nobody else should write that municipality's tickets meanwhile.
func ImportBoston311(ctx context.Context, pool *pgxpool.Pool, in io.Reader, opt Options) (Report, error) {
	start := time.Now()
	var rep Report
	step := func(format string, args ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "%-50s %6.2fs\n", fmt.Sprintf(format, args...), time.Since(start).Seconds())
		}
	}
	if opt.Municipality == "" {
		opt.Municipality = BostonNIS
	}
	if opt.Name == "" {
		opt.Name = "Boston"
	}
	cases, bad, err := parseBoston(in)
	if err != nil {
		return rep, err
	}
	rep.Read, rep.Rejected = len(cases)+len(bad), bad
	sortByLine(rep.Rejected)
	step("read %d rows, %d rejected", rep.Read, len(bad))
	if opt.Strict && len(bad) > 0 {
		return rep, strictError(bad)
	}
	rep.Fallbacks = detectFallbacks(cases)
	for i := range cases {
		if c := &cases[i]; c.hasPoint() && geo.IsFallback(rep.Fallbacks, c.lon, c.lat) {
			rep.OnFallback++
		}
	}
	if rep.MunicipalityID, rep.Created, err = ensureMunicipality(ctx, pool, opt.Municipality, opt.Name); err != nil {
		return rep, err
	}
	if opt.Neighbourhoods != nil {
		nr, err := geo.ImportNeighbourhoods(ctx, pool, opt.Neighbourhoods, geo.ImportOptions{Municipality: opt.Municipality, SRID: 4326, Strict: true})
		if err != nil {
			return rep, fmt.Errorf("neighbourhoods: %w", err)
		}
		rep.Neighbourhoods = nr.Read
		step("neighbourhoods: %d", nr.Read)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// Imports into one municipality take turns: each decides what is
		// new by reading what the last one wrote.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('loket ticket import'), $1)`, rep.MunicipalityID); err != nil {
			return err
		}
		teams, categories, err := writeTaxonomy(ctx, tx, rep.MunicipalityID, buildTaxonomy(cases))
		if err != nil {
			return err
		}
		if err := stageCases(ctx, tx, rep.MunicipalityID, cases, rep.Fallbacks, teams, categories); err != nil {
			return err
		}
		step("staged %d cases", len(cases))
		if err := placeCases(ctx, tx, rep.MunicipalityID, &rep); err != nil {
			return err
		}
		if opt.Strict && len(rep.Unplaced) > 0 {
			return strictError(rep.Unplaced)
		}
		step("placed in neighbourhoods")
		if err := writeCases(ctx, tx, rep.MunicipalityID, &rep); err != nil {
			return err
		}
		if rep.Inserted == 0 {
			return nil
		}
		// A bulk load counts the map whole, as the seed does; changed
		// tickets left deltas (the trigger), which this takes in too.
		_, err = tx.Exec(ctx, `SELECT loket_count_map($1)`, rep.MunicipalityID)
		return err
	})
	if err != nil {
		rep.Inserted, rep.Updated, rep.Unchanged = 0, 0, 0
		return rep, translateError(err)
	}
	step("written: %d new, %d changed", rep.Inserted, rep.Updated)
	// Changes alone leave deltas: folded now rather than at the next fold
	// of a running server. The planner learns the new rows.
	if _, err := pool.Exec(ctx, `SELECT loket_compact_map()`); err != nil {
		return rep, err
	}
	if _, err := pool.Exec(ctx, `ANALYZE ticket, ticket_event, ticket_duplicate_label`); err != nil {
		return rep, err
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// detectFallbacks finds the coordinates the register puts cases on when
// it does not know where they are.
func detectFallbacks(cases []bostonCase) []geo.Fallback {
	var d geo.FallbackDetector
	for i := range cases {
		if c := &cases[i]; c.hasPoint() {
			d.Add(c.lon, c.lat, c.street)
		}
	}
	return d.Fallbacks()
}

// strictError lists the problems that made a strict import refuse the file.
func strictError(rej []geo.Rejection) error {
	const shown = 20
	msg := fmt.Sprintf("nothing imported: %d bad rows", len(rej))
	for i, r := range rej {
		if i == shown {
			msg += fmt.Sprintf("; and %d more", len(rej)-shown)
			break
		}
		msg += "; " + r.String()
	}
	return errs.E(errs.Invalid, "%s", msg)
}
