package weather

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// limits are the values weather can have, per quantity: those of
// weather_daily's checks, so that nothing the parser keeps is refused by
// the database.
var limits = [quantities]struct {
	min, max float64
	name     string
}{
	qTemp:      {-60, 60, "temperature"},
	qTempMin:   {-60, 60, "minimum temperature"},
	qTempMax:   {-60, 60, "maximum temperature"},
	qTempMean:  {-60, 60, "mean temperature"},
	qPrecip:    {0, 1000, "precipitation"},
	qSnow:      {0, 500, "snowfall"},
	qSnowDepth: {0, 1000, "snow depth"},
}

// parseNumber reads a cell: present is false for an empty cell or one a
// source writes for "no value"; ok is false for text that is no number.
func parseNumber(s string) (v float64, present, ok bool) {
	switch strings.ToLower(s) {
	case "", "nan", "null", "na", "-9999":
		return 0, false, true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, true, false
	}
	return v, true, true
}

// cellValue reads column c of r in its quantity's unit; an unreadable or
// impossible value is reported and comes back nil.
func cellValue(r record, c column, day time.Time, ps *problems) *float64 {
	if c.index >= len(r.fields) {
		return nil
	}
	v, present, ok := parseNumber(r.fields[c.index])
	switch {
	case !present:
		return nil
	case !ok:
		ps.add(r.line, day, Unreadable, "%s %q is not a number", limits[c.q].name, clip(r.fields[c.index]))
		return nil
	}
	return inLimits(r.line, day, c.q, v*c.scale+c.offset, ps)
}

// inLimits returns v, or nil after reporting it when no weather has it.
func inLimits(line int, day time.Time, q quantity, v float64, ps *problems) *float64 {
	l := limits[q]
	if v < l.min || v > l.max {
		ps.add(line, day, Impossible, "%s %.1f is outside %g … %g: left empty", l.name, v, l.min, l.max)
		return nil
	}
	return ptr(v)
}
