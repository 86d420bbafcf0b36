package weather

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// MaxDays bounds what one read may ask for: a century of days.
const MaxDays = 100 * 366

// Daily returns the stored days of a municipality from from to to, both
// included, in order. Days without a row are absent; unknown values are
// nil. Only the calendar day of from and to counts. Values come back with
// the digits they were stored with (real through numeric: 1.6, not
// 1.6000000238).
func Daily(ctx context.Context, q Querier, municipalityID int, from, to time.Time) ([]Day, error) {
	from, to = Date(from), Date(to)
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `
		SELECT day, source, temp_min_c::numeric::float8, temp_max_c::numeric::float8, temp_mean_c::numeric::float8,
			precip_mm::numeric::float8, snow_cm::numeric::float8, snow_depth_cm::numeric::float8
		FROM weather_daily
		WHERE municipality_id = $1 AND day BETWEEN $2 AND $3
		ORDER BY day`, municipalityID, from, to)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Day, error) {
		var d Day
		err := row.Scan(&d.Day, &d.Source, &d.TempMinC, &d.TempMaxC, &d.TempMeanC, &d.PrecipMM, &d.SnowCM, &d.SnowDepthCM)
		return d, err
	})
}

func checkRange(from, to time.Time) error {
	if to.Before(from) {
		return errs.E(errs.Invalid, "the range ends (%s) before it starts (%s)", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	if to.Sub(from) > MaxDays*24*time.Hour {
		return errs.E(errs.Invalid, "a range of at most %d days, please", MaxDays)
	}
	return nil
}
