package weather

import (
	"strings"

	"loket/internal/errs"
)

// Units are the units of a GHCN-Daily file; NOAA hands out three kinds.
// When not given they are read from the data itself:
//
//   - no value has a decimal point: Raw, as NOAA stores them (its archive
//     and "access" CSVs) — CDO exports always write decimals, at least in
//     precipitation (0.00 inches, 0.0 mm);
//   - precipitation with two decimals (hundredths of an inch): Standard;
//   - other decimals: Metric.
//
// The choice is then checked against the temperatures: the mean daily
// range (TMAX − TMIN) over at least a week of days must come out between
// 2 and 25 °C. Tenths read as degrees give ranges near 80, degrees read as
// tenths near 1; such a file is refused with a request to say its units.
type Units string

const (
	Raw      Units = "raw"      // tenths of °C, tenths of mm, snowfall and depth in mm
	Metric   Units = "metric"   // °C, mm, snowfall and depth in mm (CDO metric export)
	Standard Units = "standard" // °F, inches (CDO standard export)
)

func (u Units) valid() error {
	if u != Raw && u != Metric && u != Standard {
		return errs.E(errs.Invalid, "units %q: say raw, metric or standard", clip(string(u)))
	}
	return nil
}

func (u Units) describe() string {
	switch u {
	case Raw:
		return "GHCN-Daily raw: tenths of °C, tenths of mm, snow mm"
	case Metric:
		return "NOAA metric: °C, mm, snow mm"
	}
	return "NOAA standard: °F, inches"
}

// scale brings a value of quantity q in units u to °C, mm or cm.
func (u Units) scale(q quantity) (scale, offset float64) {
	temp := q == qTempMin || q == qTempMax || q == qTempMean
	switch {
	case u == Raw && q == qPrecip:
		return 0.1, 0
	case u == Raw && temp:
		return 0.1, 0
	case u == Standard && q == qPrecip:
		return 25.4, 0
	case u == Standard && temp:
		return 5.0 / 9, -32 * 5.0 / 9
	case u == Standard:
		return 2.54, 0 // snow in inches
	case temp || q == qPrecip:
		return 1, 0 // metric
	}
	return 0.1, 0 // snow in mm, raw and metric
}

// Fewer days than this say nothing about the daily range.
const minRangeDays = 7

func detectUnits(rows []ghcnRow) (Units, error) {
	decimals, hundredths := false, false
	for _, r := range rows {
		for q, c := range r.cells {
			dot := strings.IndexByte(c, '.')
			if dot < 0 {
				continue
			}
			decimals = true
			hundredths = hundredths || quantity(q) == qPrecip && len(c)-dot-1 == 2
		}
	}
	u := Metric
	switch {
	case !decimals:
		u = Raw
	case hundredths:
		u = Standard
	}
	sum, n := 0.0, 0
	scale, _ := u.scale(qTempMax)
	for _, r := range rows {
		hi, okHi, _ := cellNumber(r, qTempMax)
		lo, okLo, _ := cellNumber(r, qTempMin)
		if okHi && okLo {
			sum += (hi - lo) * scale
			n++
		}
	}
	if n >= minRangeDays && (sum/float64(n) < 2 || sum/float64(n) > 25) {
		return "", errs.E(errs.Invalid, "read as %s, the days' temperatures range %.1f °C on average, which no weather does: "+
			"say the file's units (raw, metric or standard)", u.describe(), sum/float64(n))
	}
	return u, nil
}

// cellNumber reads a row's unflagged value of q as written.
func cellNumber(r ghcnRow, q quantity) (float64, bool, bool) {
	if r.flags[q] != "" {
		return 0, false, true
	}
	v, present, ok := parseNumber(r.cells[q])
	return v, present && ok, ok
}
