package weather

import (
	"strings"
	"time"

	"loket/internal/errs"
)

// ghcnElements are the GHCN-Daily elements the import keeps.
var ghcnElements = map[string]quantity{
	"PRCP": qPrecip, "SNOW": qSnow, "SNWD": qSnowDepth,
	"TMAX": qTempMax, "TMIN": qTempMin, "TAVG": qTempMean,
}

// isGHCNHeader: NOAA's exports name the station and the date.
func isGHCNHeader(h []string) bool {
	var station, date bool
	for _, f := range h {
		station = station || strings.EqualFold(f, "STATION")
		date = date || strings.EqualFold(f, "DATE")
	}
	return station && date
}

// ghcnRow is a data line as written, before its units are known.
type ghcnRow struct {
	line  int
	day   time.Time
	cells [quantities]string
	flags [quantities]string // NOAA's quality flag, empty when the value passed
}

// ghcnLayout is where a header puts the columns.
type ghcnLayout struct {
	station, date int
	value, attr   [quantities]int // -1: absent
}

func ghcnColumns(h record) (ghcnLayout, error) {
	l := ghcnLayout{station: -1, date: -1}
	for q := range l.value {
		l.value[q], l.attr[q] = -1, -1
	}
	found := false
	for i, f := range h.fields {
		name := strings.ToUpper(f)
		switch {
		case name == "STATION":
			l.station = i
		case name == "DATE":
			l.date = i
		case strings.HasSuffix(name, "_ATTRIBUTES"):
			if q, ok := ghcnElements[strings.TrimSuffix(name, "_ATTRIBUTES")]; ok {
				l.attr[q] = i
			}
		default:
			if q, ok := ghcnElements[name]; ok {
				l.value[q], found = i, true
			}
		}
	}
	if !found {
		return l, errs.E(errs.Invalid, "line %d: no PRCP, SNOW, SNWD, TMAX, TMIN or TAVG column", h.line)
	}
	return l, nil
}

// parseGHCN reads one station's GHCN-Daily CSV.
func parseGHCN(recs []record, units Units) (*Parsed, error) {
	l, err := ghcnColumns(recs[0])
	if err != nil {
		return nil, err
	}
	var ps problems
	var rows []ghcnRow
	station := ""
	for _, r := range recs[1:] {
		field := func(i int) string {
			if i < 0 || i >= len(r.fields) {
				return ""
			}
			return r.fields[i]
		}
		if st := field(l.station); station == "" {
			station = st
		} else if st != station {
			return nil, errs.E(errs.Invalid, "line %d: station %q after %q: import one station's file", r.line, clip(st), station)
		}
		day, ok := parseDay(field(l.date))
		if !ok {
			ps.add(r.line, time.Time{}, Unreadable, "%q is not a day (2006-01-02)", clip(field(l.date)))
			continue
		}
		row := ghcnRow{line: r.line, day: day}
		for q := range row.cells {
			row.cells[q], row.flags[q] = field(l.value[q]), qualityFlag(field(l.attr[q]))
		}
		rows = append(rows, row)
	}
	if units == "" {
		if units, err = detectUnits(rows); err != nil {
			return nil, err
		}
	} else if err := units.valid(); err != nil {
		return nil, err
	}
	source := "ghcn-daily"
	if station != "" {
		source += ":" + station
	}
	p := &Parsed{Format: GHCNDaily, Source: source, Units: units.describe()}
	for _, r := range rows {
		p.rows = append(p.rows, dayRow{r.line, ghcnDay(r, units, source, &ps)})
	}
	p.Problems = ps
	return p, nil
}

// ghcnDay converts a row's values; flagged, unreadable and impossible
// ones are reported and left nil.
func ghcnDay(r ghcnRow, units Units, source string, ps *problems) Day {
	var v [quantities]*float64
	for q, cell := range r.cells {
		if cell == "" {
			continue
		}
		if r.flags[q] != "" {
			ps.add(r.line, r.day, Flagged, "NOAA's quality flag %q on the %s: left empty", clip(r.flags[q]), limits[q].name)
			continue
		}
		scale, offset := units.scale(quantity(q))
		v[q] = cellValue(record{r.line, []string{cell}}, column{index: 0, q: quantity(q), scale: scale, offset: offset}, r.day, ps)
	}
	return Day{Day: r.day, Source: source, TempMinC: v[qTempMin], TempMaxC: v[qTempMax], TempMeanC: v[qTempMean],
		PrecipMM: v[qPrecip], SnowCM: v[qSnow], SnowDepthCM: v[qSnowDepth]}
}

// qualityFlag is the second of an attributes cell "MFLAG,QFLAG,SFLAG[,TIME]".
func qualityFlag(attr string) string {
	parts := strings.Split(attr, ",")
	if len(parts) < 2 {
		return ""
	}
	return strings.TrimSpace(parts[1])
}
