package weather

import "time"

// findGaps reports the days missing between rows (sorted, one per day) on
// the line after the gap; they get no row.
func findGaps(rows []dayRow, ps *problems) {
	for i := 1; i < len(rows); i++ {
		first := rows[i-1].Day.Day.AddDate(0, 0, 1)
		last := rows[i].Day.Day.AddDate(0, 0, -1)
		if last.Before(first) {
			continue
		}
		n := int(last.Sub(first).Hours()/24) + 1
		if n == 1 {
			ps.add(rows[i].line, first, Gap, "no data for the day before this line")
			continue
		}
		ps.add(rows[i].line, first, Gap, "no data for %d days before this line: %s to %s",
			n, first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
}
