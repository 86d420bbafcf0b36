package season

import (
	"time"
)

// Period is the tickets of one month, season or weekday over the history.
type Period struct {
	Name    string  `json:"name"`
	Tickets int     `json:"tickets"`
	Days    int     `json:"days"`
	PerDay  float64 `json:"per_day"`
	// Index is PerDay against the average day: 1.8 is 80 % busier.
	Index float64 `json:"index"`
}

// Seasons are meteorological, of the northern hemisphere: winter is
// December to February.
var seasonNames = []string{"winter", "spring", "summer", "autumn"}

func seasonOf(m time.Month) int { return int(m) % 12 / 3 }

var weekdayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// mondayFirst numbers Monday 0 … Sunday 6.
func mondayFirst(d time.Time) int { return (int(d.Weekday()) + 6) % 7 }

// tables counts a series by month, season and weekday.
func tables(days []time.Time, counts []float64) (byMonth, bySeason, byWeekday []Period) {
	byMonth = periods(12, func(i int) string { return time.Month(i + 1).String() })
	bySeason = periods(4, func(i int) string { return seasonNames[i] })
	byWeekday = periods(7, func(i int) string { return weekdayNames[i] })
	total := 0.0
	for i, d := range days {
		n := counts[i]
		total += n
		for _, p := range []*Period{&byMonth[d.Month()-1], &bySeason[seasonOf(d.Month())], &byWeekday[mondayFirst(d)]} {
			p.Tickets += int(n)
			p.Days++
		}
	}
	average := total / float64(len(days))
	for _, ps := range [][]Period{byMonth, bySeason, byWeekday} {
		for i := range ps {
			if ps[i].Days > 0 {
				ps[i].PerDay = float64(ps[i].Tickets) / float64(ps[i].Days)
			}
			if average > 0 {
				ps[i].Index = ps[i].PerDay / average
			}
		}
	}
	return byMonth, bySeason, byWeekday
}

func periods(n int, name func(int) string) []Period {
	out := make([]Period, n)
	for i := range out {
		out[i].Name = name(i)
	}
	return out
}

// busiest is the period with the most tickets per day, among those with days.
func busiest(ps []Period) Period {
	best := ps[0]
	for _, p := range ps[1:] {
		if p.Days > 0 && (best.Days == 0 || p.PerDay > best.PerDay) {
			best = p
		}
	}
	return best
}
