package season

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/weather"
)

// history is what the models of one request learn from.
type history struct {
	days   []time.Time       // consecutive, from the first day to the last
	counts map[int][]float64 // category id → tickets per day, zeros included
	wx     weatherByDay      // the days' weather, and the two days before the first
	cal    weather.Calendar  // holidays, also of the days after the last
}

// calendarAhead is how far past the history the holidays are read: far
// enough for any forecast.
const calendarAhead = 31

// lagDays is how far before a day the weather columns look.
const lagDays = 2

// loadHistory reads in tx what the models learn from; pool lends the
// counting a second reader.
func loadHistory(ctx context.Context, tx pgx.Tx, pool *pgxpool.Pool, sc *scope, from, to time.Time) (*history, error) {
	h := &history{days: daysBetween(from, to)}
	var err error
	if h.counts, err = readCounts(ctx, tx, pool, sc, h.days); err != nil {
		return nil, err
	}
	wx, err := weather.Daily(ctx, tx, sc.municipality, from.AddDate(0, 0, -lagDays), to)
	if err != nil {
		return nil, err
	}
	h.wx = byDay(wx)
	h.cal, err = weather.Holidays(ctx, tx, sc.municipality, from, to.AddDate(0, 0, calendarAhead))
	return h, err
}
