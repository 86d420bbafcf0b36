package spikes

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// city is what a detection needs to know of its municipality.
type city struct {
	zone     string    // the IANA time zone its days are counted in
	today    time.Time // today's date there
	language string    // the language of its names when the caller has none
}

func readCity(ctx context.Context, tx pgx.Tx, municipality int) (city, error) {
	c := city{}
	var err error
	if c.zone, err = timeZone(ctx, tx, municipality); err != nil {
		return c, err
	}
	err = tx.QueryRow(ctx, `SELECT (now() AT TIME ZONE $2)::date, default_language FROM municipality WHERE id = $1`,
		municipality, c.zone).Scan(&c.today, &c.language)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, errs.E(errs.NotFound, "municipality %d is not known", municipality)
	}
	return c, err
}

// defaultZone is where every municipality was before the schema knew of
// time zones: Belgium.
const defaultZone = "Europe/Brussels"

// timeZone is the one place that decides in which zone a municipality's
// days begin: its time_zone column where the schema has one, else
// Europe/Brussels.
func timeZone(ctx context.Context, tx pgx.Tx, municipality int) (string, error) {
	var hasColumn bool
	err := tx.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM pg_attribute
		                WHERE attrelid = 'municipality'::regclass AND attname = 'time_zone' AND NOT attisdropped)`).Scan(&hasColumn)
	if err != nil || !hasColumn {
		return defaultZone, err
	}
	var zone string
	err = tx.QueryRow(ctx, `SELECT time_zone FROM municipality WHERE id = $1`, municipality).Scan(&zone)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", errs.E(errs.NotFound, "municipality %d is not known", municipality)
	}
	return zone, err
}

// nameLanguage is the caller's language when Loket speaks it, else the
// municipality's.
func nameLanguage(asked, municipal string) string {
	switch asked {
	case "nl", "fr", "en":
		return asked
	}
	return municipal
}
