package weather

import (
	"context"
	"errors"
	"regexp"
	"time"
	_ "time/tzdata" // time zones by name on hosts without a zoneinfo database

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// Querier runs queries: a pool, a connection or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// municipality is what imports need to know of their target.
type municipality struct {
	id                int
	timeZone, country string
}

var nisPattern = regexp.MustCompile(`^[0-9]{5}$`)

// findMunicipality reads the municipality with NIS code nis, or the only
// one when nis is empty.
func findMunicipality(ctx context.Context, q Querier, nis string) (municipality, error) {
	if nis == "" {
		var n int
		if err := q.QueryRow(ctx, `SELECT count(*) FROM municipality`).Scan(&n); err != nil {
			return municipality{}, err
		}
		if n != 1 {
			return municipality{}, errs.E(errs.Invalid, "there are %d municipalities: say which with its NIS code", n)
		}
	} else if !nisPattern.MatchString(nis) {
		return municipality{}, errs.E(errs.Invalid, "municipality %q: give the five-digit NIS code", clip(nis))
	}
	var m municipality
	err := q.QueryRow(ctx, `SELECT id, time_zone, country FROM municipality WHERE $1 = '' OR nis_code = $1`, nis).
		Scan(&m.id, &m.timeZone, &m.country)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, errs.E(errs.NotFound, "no municipality has NIS code %s", nis)
	}
	return m, err
}

// loadZone reads an IANA time zone name such as Europe/Brussels.
func loadZone(name string) (*time.Location, error) {
	if !zonePattern.MatchString(name) {
		return nil, errs.E(errs.Invalid, "time zone %q: give a name such as Europe/Brussels or America/New_York", clip(name))
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, errs.E(errs.Invalid, "time zone %q is not one the import knows (e.g. Europe/Brussels)", clip(name))
	}
	return loc, nil
}

// zonePattern is the check of municipality.time_zone; "Local" is no zone.
var zonePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+/-]*$`)
