package weather

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// HolidayKind is a public holiday or a school holiday.
type HolidayKind string

const (
	Public HolidayKind = "public"
	School HolidayKind = "school"
)

// Calendar holds the holidays of a range of days, by day (midnight UTC).
type Calendar struct {
	public, school map[time.Time]string // day → name
}

// IsPublic says whether day is a public holiday; any time of the day will
// do, so the method fits countmodel's Holiday option.
func (c Calendar) IsPublic(day time.Time) bool { _, ok := c.public[Date(day)]; return ok }

// IsSchool says whether day falls in the school holidays.
func (c Calendar) IsSchool(day time.Time) bool { _, ok := c.school[Date(day)]; return ok }

// Name is the name of the holiday of kind on day, empty when there is none.
func (c Calendar) Name(day time.Time, kind HolidayKind) string {
	if kind == Public {
		return c.public[Date(day)]
	}
	return c.school[Date(day)]
}

// Len counts the days of kind in the calendar.
func (c Calendar) Len(kind HolidayKind) int {
	if kind == Public {
		return len(c.public)
	}
	return len(c.school)
}

// Holidays returns the public and school holidays of a municipality from
// from to to, both included: its country's, where the municipality's own
// rows of the same day and kind take precedence.
func Holidays(ctx context.Context, q Querier, municipalityID int, from, to time.Time) (Calendar, error) {
	from, to = Date(from), Date(to)
	if err := checkRange(from, to); err != nil {
		return Calendar{}, err
	}
	var country string
	err := q.QueryRow(ctx, `SELECT country FROM municipality WHERE id = $1`, municipalityID).Scan(&country)
	if errors.Is(err, pgx.ErrNoRows) {
		return Calendar{}, errs.E(errs.NotFound, "no municipality has id %d", municipalityID)
	} else if err != nil {
		return Calendar{}, err
	}
	rows, err := q.Query(ctx, `
		SELECT DISTINCT ON (day, kind) day, kind, name
		FROM holiday
		WHERE country = $1 AND (municipality_id IS NULL OR municipality_id = $2) AND day BETWEEN $3 AND $4
		ORDER BY day, kind, municipality_id NULLS LAST`, country, municipalityID, from, to)
	if err != nil {
		return Calendar{}, err
	}
	c := Calendar{public: map[time.Time]string{}, school: map[time.Time]string{}}
	var day time.Time
	var kind, name string
	_, err = pgx.ForEachRow(rows, []any{&day, &kind, &name}, func() error {
		if HolidayKind(kind) == Public {
			c.public[day] = name
		} else {
			c.school[day] = name
		}
		return nil
	})
	return c, err
}
