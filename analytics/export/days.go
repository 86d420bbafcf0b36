package export

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// Days are the local days of a calendar in one time zone, from a first to
// a last, as Go analytics count the timestamps of a scan per day: the
// instants the days begin are computed once, and a timestamp's day is
// then found in a few comparisons, not by a time.Time for each row.
type Days struct {
	starts []int64 // Unix microseconds each day begins at, then the end of the last
}

const dayMicros = 24 * 60 * 60 * 1_000_000

// NewDays covers the dates first to last, both included (their year,
// month and day, as midnight UTC carries a date), in the zone loc; none
// when last comes before first.
func NewDays(loc *time.Location, first, last time.Time) Days {
	d := Days{starts: []int64{midnight(date(first), loc).UnixMicro()}}
	for day := date(first).AddDate(0, 0, 1); !day.After(date(last).AddDate(0, 0, 1)); day = day.AddDate(0, 0, 1) {
		d.starts = append(d.starts, midnight(day, loc).UnixMicro())
	}
	return d
}

// midnight is the first instant of the date d in loc. Where the clocks
// jump over midnight that is the jump's instant (time.Date would give
// an hour of the day before).
func midnight(d time.Time, loc *time.Location) time.Time {
	t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
	if date(t).Before(d) {
		_, t = t.ZoneBounds()
	}
	return t
}

func date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Len is the number of days.
func (d Days) Len() int { return len(d.starts) - 1 }

// From is the instant the first day begins, To the one the last ends: a
// ticketing.Filter's CreatedFrom and CreatedTo.
func (d Days) From() time.Time { return time.UnixMicro(d.starts[0]).UTC() }
func (d Days) To() time.Time   { return time.UnixMicro(d.starts[len(d.starts)-1]).UTC() }

// Index is the day of t, 0 for the first; -1 when t is outside the days.
func (d Days) Index(t arrow.Timestamp) int {
	us, n := int64(t), len(d.starts)-1
	if us < d.starts[0] || us >= d.starts[n] {
		return -1
	}
	// A day is 24 hours give or take a change of the clock, so the guess
	// is a day off at most; the loops need only that starts never fall.
	k := min(int((us-d.starts[0])/dayMicros), n-1)
	for us < d.starts[k] {
		k--
	}
	for us >= d.starts[k+1] {
		k++
	}
	return k
}
