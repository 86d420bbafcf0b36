package weather

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// upsertDays writes rows through a staging table: one statement inserts
// new days and replaces changed ones, leaving equal rows untouched.
func upsertDays(ctx context.Context, tx pgx.Tx, municipalityID int, rows []dayRow) (inserted, updated int, err error) {
	if _, err := tx.Exec(ctx, `
		CREATE TEMP TABLE weather_stage (day date, source text, temp_min_c float8, temp_max_c float8,
			temp_mean_c float8, precip_mm float8, snow_cm float8, snow_depth_cm float8) ON COMMIT DROP`); err != nil {
		return 0, 0, err
	}
	cols := []string{"day", "source", "temp_min_c", "temp_max_c", "temp_mean_c", "precip_mm", "snow_cm", "snow_depth_cm"}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"weather_stage"}, cols, pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
		d := rows[i].Day
		return []any{d.Day, d.Source, d.TempMinC, d.TempMaxC, d.TempMeanC, d.PrecipMM, d.SnowCM, d.SnowDepthCM}, nil
	}))
	if err != nil {
		return 0, 0, err
	}
	res, err := tx.Query(ctx, `
		INSERT INTO weather_daily AS w (municipality_id, day, source, temp_min_c, temp_max_c, temp_mean_c,
			precip_mm, snow_cm, snow_depth_cm)
		SELECT $1, day, source, temp_min_c, temp_max_c, temp_mean_c, precip_mm, snow_cm, snow_depth_cm
		FROM weather_stage
		ON CONFLICT (municipality_id, day) DO UPDATE SET
			source = excluded.source, temp_min_c = excluded.temp_min_c, temp_max_c = excluded.temp_max_c,
			temp_mean_c = excluded.temp_mean_c, precip_mm = excluded.precip_mm, snow_cm = excluded.snow_cm,
			snow_depth_cm = excluded.snow_depth_cm
		WHERE (w.source, w.temp_min_c, w.temp_max_c, w.temp_mean_c, w.precip_mm, w.snow_cm, w.snow_depth_cm)
			IS DISTINCT FROM (excluded.source, excluded.temp_min_c, excluded.temp_max_c, excluded.temp_mean_c,
			excluded.precip_mm, excluded.snow_cm, excluded.snow_depth_cm)
		RETURNING xmax = 0`, municipalityID)
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
