package weather

import (
	"strings"
	"time"

	"loket/internal/errs"
)

// isOpenMeteoHeader: the metadata header, or a data header starting with
// the time column.
func isOpenMeteoHeader(h []string) bool {
	first := strings.ToLower(h[0])
	return first == "latitude" || first == "time" || first == "date"
}

// parseOpenMeteo reads the optional metadata block, then one or two data
// blocks (hourly, daily), each with its own header. Days of a daily block
// win over the same days summed from hours.
func parseOpenMeteo(recs []record, zone *time.Location) (*Parsed, error) {
	fileZone, recs, err := openMeteoMetadata(recs)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Source: "open-meteo"}
	var hourly, daily []dayRow
	var ps problems
	for len(recs) > 0 {
		if !isOpenMeteoHeader(recs[0].fields) {
			ps.add(recs[0].line, time.Time{}, Unreadable, "a data line before any header")
			recs = recs[1:]
			continue
		}
		end := 1
		for end < len(recs) && !isOpenMeteoHeader(recs[end].fields) {
			end++
		}
		cols, err := openMeteoColumns(recs[0])
		if err != nil {
			return nil, err
		}
		body := recs[1:end]
		recs = recs[end:]
		if len(body) == 0 {
			continue
		}
		if isHourly(body[0].fields[0]) {
			hours := readHours(body, cols, fileZone, zone, &ps)
			hourly = append(hourly, aggregateHours(hours, cols, zone, &ps)...)
			p.Format = OpenMeteoHourly
		} else {
			daily = append(daily, readDays(body, cols, &ps)...)
			p.Format = OpenMeteoDaily
			if fileZone != nil && fileZone.String() != zone.String() {
				p.Notes = append(p.Notes, "the daily values are days of "+fileZone.String()+", not of "+zone.String())
			}
		}
	}
	p.rows = append(daily, hourly...) // finish keeps the first of each day
	p.Units = "°C, mm, snowfall cm (converted from the units in the column names)"
	p.Problems = ps
	return p, nil
}

// openMeteoMetadata reads the latitude,…,timezone block when there is one:
// the time zone of the file's timestamps (nil: not said).
func openMeteoMetadata(recs []record) (*time.Location, []record, error) {
	if !strings.EqualFold(recs[0].fields[0], "latitude") {
		return nil, recs, nil
	}
	if len(recs) < 2 || isOpenMeteoHeader(recs[1].fields) {
		return nil, nil, errs.E(errs.Invalid, "line %d: the Open-Meteo metadata header has no values under it", recs[0].line)
	}
	if len(recs) > 2 && !isOpenMeteoHeader(recs[2].fields) {
		return nil, nil, errs.E(errs.Invalid, "line %d: the file holds several locations; import one location's file", recs[2].line)
	}
	head, vals := recs[0].fields, recs[1].fields
	for i, h := range head {
		if !strings.EqualFold(h, "timezone") || i >= len(vals) {
			continue
		}
		name := vals[i]
		if strings.EqualFold(name, "GMT") || strings.EqualFold(name, "UTC") {
			return time.UTC, recs[2:], nil
		}
		loc, err := time.LoadLocation(name)
		if err != nil || name == "" || name == "Local" {
			return nil, nil, errs.E(errs.Invalid, "line %d: time zone %q is not one the import knows", recs[1].line, clip(name))
		}
		return loc, recs[2:], nil
	}
	return nil, recs[2:], nil
}

// openMeteoColumns maps a data header to the columns the import uses.
func openMeteoColumns(h record) ([]column, error) {
	var cols []column
	seen := map[quantity]string{}
	for i, name := range h.fields[1:] {
		c, ok, err := openMeteoColumn(i+1, name)
		if err != nil {
			return nil, errs.E(errs.Invalid, "line %d: %s", h.line, errs.MessageOf(err))
		}
		if !ok {
			continue
		}
		if other, dup := seen[c.q]; dup {
			return nil, errs.E(errs.Invalid, "line %d: columns %q and %q say the same", h.line, clip(other), clip(name))
		}
		seen[c.q] = name
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		return nil, errs.E(errs.Invalid, "line %d: no column with temperature, precipitation or snowfall", h.line)
	}
	return cols, nil
}

// isHourly: a timestamp has a time of day, a day has not.
func isHourly(stamp string) bool {
	return len(stamp) > len("2006-01-02")
}

// readDays reads the rows of a daily block.
func readDays(body []record, cols []column, ps *problems) []dayRow {
	var rows []dayRow
	for _, r := range body {
		day, ok := parseDay(r.fields[0])
		if !ok {
			ps.add(r.line, time.Time{}, Unreadable, "%q is not a day (2006-01-02)", clip(r.fields[0]))
			continue
		}
		var v [quantities]*float64
		for _, c := range cols {
			v[c.q] = cellValue(r, c, day, ps)
		}
		if v[qTempMean] == nil {
			v[qTempMean] = v[qTemp]
		}
		rows = append(rows, dayRow{r.line, Day{Day: day, Source: "open-meteo",
			TempMinC: v[qTempMin], TempMaxC: v[qTempMax], TempMeanC: v[qTempMean],
			PrecipMM: v[qPrecip], SnowCM: v[qSnow]}})
	}
	return rows
}
