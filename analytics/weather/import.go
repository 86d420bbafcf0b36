package weather

import (
	"context"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Options says where an import goes and what the file leaves open.
type Options struct {
	Municipality string // NIS code; empty: the only municipality
	TimeZone     string // stored as the municipality's time zone before reading; empty: the one it has
	Units        Units  // GHCN-Daily units; empty: read from the data
}

// Report is what an import did and what it left empty.
type Report struct {
	MunicipalityID int
	TimeZone       string
	Format         Format
	Source, Units  string
	Notes          []string
	First, Last    time.Time
	Days           int // days in the file, each one row
	Inserted       int
	Updated        int
	Unchanged      int
	Problems       []Problem
	Duration       time.Duration
}

// Import reads a weather file into weather_daily, replacing the rows of
// the days it holds, in one transaction. A file it cannot read is an
// errs.Invalid error and changes nothing.
func Import(ctx context.Context, pool *pgxpool.Pool, r io.Reader, opt Options) (Report, error) {
	start := time.Now()
	m, err := findMunicipality(ctx, pool, opt.Municipality)
	if err != nil {
		return Report{}, err
	}
	if opt.TimeZone != "" {
		m.timeZone = opt.TimeZone
	}
	zone, err := loadZone(m.timeZone)
	if err != nil {
		return Report{}, err
	}
	p, err := Parse(r, ParseOptions{Zone: zone, Units: opt.Units})
	if err != nil {
		return Report{}, err
	}
	rep := Report{MunicipalityID: m.id, TimeZone: m.timeZone, Format: p.Format, Source: p.Source, Units: p.Units,
		Notes: p.Notes, Days: len(p.rows), First: p.rows[0].Day.Day, Last: p.rows[len(p.rows)-1].Day.Day, Problems: p.Problems}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if opt.TimeZone != "" {
			if _, err := tx.Exec(ctx, `UPDATE municipality SET time_zone = $2 WHERE id = $1`, m.id, m.timeZone); err != nil {
				return err
			}
		}
		rep.Inserted, rep.Updated, err = upsertDays(ctx, tx, m.id, p.rows)
		return err
	})
	if err != nil {
		return Report{}, err
	}
	rep.Unchanged = rep.Days - rep.Inserted - rep.Updated
	rep.Duration = time.Since(start)
	return rep, nil
}
