package weather

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// MinHours is how many hourly temperatures a day needs for its minimum,
// maximum and mean: with four hours missing the extremes are still close,
// with more they may well be missed.
const MinHours = 20

// hour is one hourly reading.
type hour struct {
	line int
	at   time.Time
	v    [quantities]*float64
}

// stampLayouts are Open-Meteo's (ISO 8601 without seconds), a
// spreadsheet's, and both with an offset of their own.
var stampLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00", time.RFC3339}

// parseStamp reads a timestamp in zone in, unless it has its own offset.
func parseStamp(s string, in *time.Location) (time.Time, bool) {
	for _, layout := range stampLayouts {
		if t, err := time.ParseInLocation(layout, s, in); err == nil {
			return t, t.Year() >= firstYear && t.Year() <= lastYear
		}
	}
	return time.Time{}, false
}

// readHours reads an hourly block. Timestamps are in fileZone when the
// file says one, else in zone. A wall-clock time given twice is the
// repeated hour of the autumn clock change when that hour is still free.
func readHours(body []record, cols []column, fileZone, zone *time.Location, ps *problems) []hour {
	in := fileZone
	if in == nil {
		in = zone
	}
	taken := map[time.Time]int{}
	var hours []hour
	for _, r := range body {
		at, ok := parseStamp(r.fields[0], in)
		if !ok {
			ps.add(r.line, time.Time{}, Unreadable, "%q is not a time (2006-01-02T15:04)", clip(r.fields[0]))
			continue
		}
		if first, dup := taken[at]; dup {
			if at, ok = repeatedHour(at, in, taken); !ok {
				ps.add(r.line, Date(at.In(zone)), Duplicate, "the hour is also on line %d, which counts", first)
				continue
			}
		}
		taken[at] = r.line
		h := hour{line: r.line, at: at}
		day := Date(at.In(zone))
		for _, c := range cols {
			if c.q == qTemp || c.q == qPrecip || c.q == qSnow {
				h.v[c.q] = cellValue(r, c, day, ps)
			}
		}
		hours = append(hours, h)
	}
	return hours
}

// repeatedHour finds the other instant with at's wall-clock time, if free.
func repeatedHour(at time.Time, in *time.Location, taken map[time.Time]int) (time.Time, bool) {
	wall := at.In(in).Format(time.DateTime)
	for _, alt := range []time.Time{at.Add(time.Hour), at.Add(-time.Hour)} {
		if _, used := taken[alt]; !used && alt.In(in).Format(time.DateTime) == wall {
			return alt, true
		}
	}
	return at, false
}

// hoursIn is the length of day in zone: 23, 24 or 25 hours.
func hoursIn(day time.Time, zone *time.Location) int {
	start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, zone)
	return int(start.AddDate(0, 0, 1).Sub(start).Hours())
}

// aggregateHours turns hours into days of zone; see MinHours and the
// package comment for what a day needs.
func aggregateHours(hours []hour, cols []column, zone *time.Location, ps *problems) []dayRow {
	var has [quantities]bool
	for _, c := range cols {
		has[c.q] = true
	}
	byDay := map[time.Time][]hour{}
	var days []time.Time
	for _, h := range hours {
		d := Date(h.at.In(zone))
		if byDay[d] == nil {
			days = append(days, d)
		}
		byDay[d] = append(byDay[d], h)
	}
	slices.SortFunc(days, time.Time.Compare)
	rows := make([]dayRow, 0, len(days))
	for _, d := range days {
		hs := byDay[d]
		want := hoursIn(d, zone)
		row := dayRow{line: hs[0].line, Day: Day{Day: d, Source: "open-meteo"}}
		var short []string
		temps := known(hs, qTemp)
		if len(temps) >= MinHours {
			row.TempMinC, row.TempMaxC, row.TempMeanC = ptr(slices.Min(temps)), ptr(slices.Max(temps)), ptr(mean(temps))
		} else if has[qTemp] {
			short = append(short, fmt.Sprintf("temperatures (%d of %d hours)", len(temps), want))
		}
		for _, q := range []quantity{qPrecip, qSnow} {
			vals := known(hs, q)
			switch {
			case len(vals) >= want:
				sum := 0.0
				for _, v := range vals {
					sum += v
				}
				if q == qPrecip {
					row.PrecipMM = inLimits(row.line, d, q, sum, ps)
				} else {
					row.SnowCM = inLimits(row.line, d, q, sum, ps)
				}
			case has[q]:
				short = append(short, fmt.Sprintf("%s (%d of %d hours)", limits[q].name, len(vals), want))
			}
		}
		if len(short) > 0 {
			ps.add(row.line, d, Incomplete, "left empty: %s", strings.Join(short, ", "))
		}
		rows = append(rows, row)
	}
	return rows
}

func known(hs []hour, q quantity) []float64 {
	var out []float64
	for _, h := range hs {
		if h.v[q] != nil {
			out = append(out, *h.v[q])
		}
	}
	return out
}

func mean(vs []float64) float64 {
	sum := 0.0
	for _, v := range vs {
		sum += v
	}
	return sum / float64(len(vs))
}
