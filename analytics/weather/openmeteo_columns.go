package weather

import (
	"regexp"
	"strings"

	"loket/internal/errs"
)

// quantity is what a column measures.
type quantity int

const (
	qTemp      quantity = iota // hourly temperature, °C
	qTempMin                   // °C
	qTempMax                   // °C
	qTempMean                  // °C
	qPrecip                    // mm
	qSnow                      // snowfall, cm
	qSnowDepth                 // cm
	quantities
)

// openMeteoNames are the column names Open-Meteo uses (hourly and daily),
// and the shorter ones of hand-made extracts.
var openMeteoNames = map[string]quantity{
	"temperature_2m": qTemp, "temperature": qTemp, "temp": qTemp,
	"temperature_2m_min": qTempMin, "temperature_min": qTempMin, "temp_min": qTempMin,
	"temperature_2m_max": qTempMax, "temperature_max": qTempMax, "temp_max": qTempMax,
	"temperature_2m_mean": qTempMean, "temperature_mean": qTempMean, "temp_mean": qTempMean,
	"precipitation": qPrecip, "precipitation_sum": qPrecip, "precip": qPrecip,
	"snowfall": qSnow, "snowfall_sum": qSnow,
}

// column is a data column the import knows, with the factor and offset
// that bring it to the unit of its quantity.
type column struct {
	index         int
	q             quantity
	scale, offset float64
}

var (
	unitInParens = regexp.MustCompile(`^(.*?)\s*\(([^)]*)\)$`)
	unitSuffix   = regexp.MustCompile(`^(.*?)_(c|f|mm|cm|m|in|inch)$`)
)

// splitUnit separates "temperature_2m (°C)" or "temperature_c" into a
// name and a unit, both lower case.
func splitUnit(header string) (name, unit string) {
	h := strings.ToLower(strings.TrimSpace(header))
	if m := unitInParens.FindStringSubmatch(h); m != nil {
		return m[1], strings.TrimSpace(m[2])
	}
	if m := unitSuffix.FindStringSubmatch(h); m != nil {
		return m[1], m[2]
	}
	return h, ""
}

// openMeteoColumn maps a header to a known column; ok is false for
// columns the import has no use for (cloud cover, wind, …).
func openMeteoColumn(index int, header string) (c column, ok bool, err error) {
	name, unit := splitUnit(header)
	q, ok := openMeteoNames[name]
	if !ok {
		return column{}, false, nil
	}
	c = column{index: index, q: q, scale: 1}
	switch {
	case q <= qTempMean:
		switch unit {
		case "", "°c", "c", "celsius":
		case "°f", "f", "fahrenheit":
			c.scale, c.offset = 5.0/9, -32*5.0/9
		default:
			return c, false, badUnit(header, unit, "°C or °F")
		}
	case q == qPrecip:
		c.scale, ok = lengthScale(unit, "mm")
	default:
		c.scale, ok = lengthScale(unit, "cm")
	}
	if !ok {
		return c, false, badUnit(header, unit, "mm, cm or inch")
	}
	return c, true, nil
}

// lengthScale is the factor from unit to mm or cm; no unit is the target.
func lengthScale(unit, to string) (float64, bool) {
	if unit == "" {
		return 1, true
	}
	mm, ok := map[string]float64{"mm": 1, "cm": 10, "m": 1000, "in": 25.4, "inch": 25.4, "inches": 25.4}[unit]
	if to == "cm" {
		return mm / 10, ok
	}
	return mm, ok
}

func badUnit(header, unit, want string) error {
	return errs.E(errs.Invalid, "column %q: unit %q is not one the import knows (%s)", clip(header), unit, want)
}
