package export

import (
	"math"
	"strconv"
)

// roundHome rounds a coordinate of a ticket placed at its reporter's home
// to 3 decimals (about 100 m), to the same value Open311 shows, which
// PostgreSQL computes as round(x::numeric, 3)::float8: x written with 15
// significant digits, then rounded half away from zero. Plain float
// rounding differs where x is a hair below a half (3.2645 is stored as
// 3.26449999…), so those few go the decimal way.
func roundHome(x float64) float64 {
	scaled := x * 1000
	if frac := math.Abs(scaled - math.Trunc(scaled)); math.Abs(frac-0.5) > 1e-6 {
		return math.Round(scaled) / 1000
	}
	return roundDecimal(x)
}

// roundDecimal is roundHome the slow, exact way.
func roundDecimal(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	s := strconv.FormatFloat(math.Abs(x), 'e', 14, 64) // d.dddddddddddddde±XX
	m, err1 := strconv.ParseInt(s[:1]+s[2:16], 10, 64)
	exp, err2 := strconv.Atoi(s[17:])
	if err1 != nil || err2 != nil {
		return math.Round(x*1000) / 1000
	}
	// |x| = m × 10^(exp-14), so |x| × 1000 = m × 10^(exp-11).
	k := exp - 11
	var r int64
	switch {
	case k >= 0:
		return x // far beyond a coordinate: no decimals to drop
	case k < -15:
		r = 0
	default:
		p := int64(math.Pow10(-k))
		r = m / p
		if 2*(m%p) >= p {
			r++
		}
	}
	v := float64(r) / 1000
	if x < 0 {
		v = -v
	}
	return v
}
