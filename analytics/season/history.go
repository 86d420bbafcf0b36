package season

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

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

func loadHistory(ctx context.Context, tx pgx.Tx, sc *scope, from, to time.Time) (*history, error) {
	h := &history{days: daysBetween(from, to)}
	var err error
	if h.counts, err = readCounts(ctx, tx, sc, h.days); err != nil {
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

// readCounts counts the tickets per local day and category over days, in
// one pass over the ticket table. Every category asked for gets a series,
// with or without tickets; without a choice, every category with tickets.
func readCounts(ctx context.Context, tx pgx.Tx, sc *scope, days []time.Time) (map[int][]float64, error) {
	first, last := days[0], days[len(days)-1]
	rows, err := tx.Query(ctx, `
		SELECT (t.created_at AT TIME ZONE $2)::date, t.category_id, count(*)::int
		  FROM ticket t
		 WHERE t.municipality_id = $1
		   -- local midnights as instants, so the range can use the index on created_at
		   AND t.created_at >= ($3::date::timestamp AT TIME ZONE $2)
		   AND t.created_at < (($4::date + 1)::timestamp AT TIME ZONE $2)
		   AND ($5::int[] IS NULL OR t.category_id = ANY ($5))
		   AND ($6::int = 0 OR t.neighbourhood_id = $6)
		 GROUP BY 1, 2`, sc.municipality, sc.zone.String(), first, last, sc.chosen, sc.neighbourhood)
	if err != nil {
		return nil, err
	}
	counts := map[int][]float64{}
	for _, id := range sc.chosen {
		counts[id] = make([]float64, len(days))
	}
	var d time.Time
	var category, n int
	_, err = pgx.ForEachRow(rows, []any{&d, &category, &n}, func() error {
		series := counts[category]
		if series == nil {
			series = make([]float64, len(days))
			counts[category] = series
		}
		series[int(d.Sub(first).Hours()/24+0.5)] = float64(n)
		return nil
	})
	return counts, err
}
