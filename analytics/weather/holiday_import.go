package weather

import (
	"context"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// HolidayOptions says whose holidays a file holds.
type HolidayOptions struct {
	// Municipality is the NIS code of the one municipality the days hold
	// for; empty: the whole country.
	Municipality string
	// Country is the ISO 3166 code (BE, US) of the country; empty: the
	// municipality's, or that of the only municipality there is.
	Country string
}

// HolidayReport is what a holiday import did.
type HolidayReport struct {
	Country        string
	MunicipalityID int // 0: the days hold for the whole country
	Read           int // holidays in the file
	Skipped        int // rows that say the day is no holiday
	Inserted       int
	Updated        int // renamed
	Unchanged      int
	Problems       []Problem
	Duration       time.Duration
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// ImportHolidays adds or renames the holidays of a file, in one
// transaction; holidays already stored and not in the file stay.
func ImportHolidays(ctx context.Context, pool *pgxpool.Pool, r io.Reader, opt HolidayOptions) (HolidayReport, error) {
	start := time.Now()
	rep, err := holidayTarget(ctx, pool, opt)
	if err != nil {
		return rep, err
	}
	rows, skipped, bad, err := parseHolidays(r)
	if err != nil {
		return rep, err
	}
	rep.Read, rep.Skipped, rep.Problems = len(rows), skipped, bad
	if len(rows) == 0 {
		return rep, errs.E(errs.Invalid, "no holiday in the file (%d problems, first: %s)", len(bad), firstProblem(bad))
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rep.Inserted, rep.Updated, err = upsertHolidays(ctx, tx, rep, rows)
		return err
	})
	if err != nil {
		return rep, err
	}
	rep.Unchanged = rep.Read - rep.Inserted - rep.Updated
	rep.Duration = time.Since(start)
	return rep, nil
}

// holidayTarget settles the country and municipality of an import.
func holidayTarget(ctx context.Context, q Querier, opt HolidayOptions) (HolidayReport, error) {
	country := strings.ToUpper(strings.TrimSpace(opt.Country))
	if country != "" && !countryPattern.MatchString(country) {
		return HolidayReport{}, errs.E(errs.Invalid, "country %q: give its two-letter code, such as BE or US", clip(opt.Country))
	}
	if opt.Municipality == "" && country != "" {
		return HolidayReport{Country: country}, nil
	}
	m, err := findMunicipality(ctx, q, opt.Municipality)
	if err != nil {
		return HolidayReport{}, err
	}
	if country != "" && country != m.country {
		return HolidayReport{}, errs.E(errs.Invalid, "municipality %s is in %s, not in %s", opt.Municipality, m.country, country)
	}
	rep := HolidayReport{Country: m.country}
	if opt.Municipality != "" {
		rep.MunicipalityID = m.id
	}
	return rep, nil
}

func upsertHolidays(ctx context.Context, tx pgx.Tx, target HolidayReport, rows []holidayRow) (inserted, updated int, err error) {
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE holiday_stage (day date, kind text, name text) ON COMMIT DROP`); err != nil {
		return 0, 0, err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"holiday_stage"}, []string{"day", "kind", "name"},
		pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			return []any{rows[i].Day, string(rows[i].Kind), rows[i].Name}, nil
		}))
	if err != nil {
		return 0, 0, err
	}
	var municipalityID *int
	if target.MunicipalityID != 0 {
		municipalityID = &target.MunicipalityID
	}
	res, err := tx.Query(ctx, `
		INSERT INTO holiday AS h (country, municipality_id, day, kind, name)
		SELECT $1, $2, day, kind, name FROM holiday_stage
		ON CONFLICT ON CONSTRAINT holiday_key DO UPDATE SET name = excluded.name
		WHERE h.name <> excluded.name
		RETURNING xmax = 0`, target.Country, municipalityID)
	if err != nil {
		return 0, 0, err
	}
	fresh, err := pgx.CollectRows(res, pgx.RowTo[bool])
	for _, f := range fresh {
		if f {
			inserted++
		} else {
			updated++
		}
	}
	return inserted, updated, err
}
