package season

import (
	"testing"
	"time"

	"loket/analytics/countmodel"
)

func TestTablesCountByMonthSeasonAndWeekday(t *testing.T) {
	// 2024: a leap year starting on a Monday. Two tickets on every
	// Monday, one a day from 1 December to 28 February more.
	days := countmodel.Days(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 366)
	counts := make([]float64, len(days))
	for i, d := range days {
		if d.Weekday() == time.Monday {
			counts[i] += 2
		}
		if m := d.Month(); m == time.December || m <= time.February {
			counts[i]++
		}
	}
	byMonth, bySeason, byWeekday := tables(days, counts)
	if byMonth[1].Days != 29 || byMonth[1].Name != "February" {
		t.Errorf("February 2024: %+v", byMonth[1])
	}
	winter := bySeason[0]
	if winter.Name != "winter" || winter.Days != 31+29+31 || winter.Tickets != 91+2*14 {
		t.Errorf("winter (Jan, Feb, Dec 2024: 91 days, 14 Mondays): %+v", winter)
	}
	if monday := byWeekday[0]; monday.Name != "Monday" || monday.Days != 53 || busiest(byWeekday).Name != "Monday" {
		t.Errorf("2024 has 53 Mondays, the busiest weekday: %+v", byWeekday)
	}
	if summer := bySeason[2]; summer.Index >= 1 || winter.Index <= 1 || busiest(bySeason).Name != "winter" {
		t.Errorf("winter should be busier than the average day, summer quieter: %+v", bySeason)
	}
}
