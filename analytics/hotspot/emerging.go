package hotspot

import (
	"math"

	"loket/internal/errs"
)

// DefaultTrendAlpha is the significance level customary for the Mann–Kendall
// test that separates intensifying and diminishing spots from persistent ones.
const DefaultTrendAlpha = 0.05

// Emerging classifies every cell from its results over time, slices[t][cell]
// with the oldest slice first, following ArcGIS Pro's Emerging Hot Spot
// Analysis. A slice is a hot (cold) spot for a cell when its Result is Hot
// (Cold), i.e. FDR-significant with z > 0 (z < 0). With n slices, "90 %"
// means at least 0.9·n of them. The rules for hot spots, checked in order;
// cold spots follow the same rules with hot and cold swapped:
//
//   - Intensifying: hot in ≥ 90 % of slices including the last, and the
//     Mann–Kendall trend of the cell's z-scores rises with p ≤ trendAlpha.
//   - Diminishing: as intensifying, but the trend falls significantly.
//   - Persistent: hot in ≥ 90 % of slices including the last, no
//     significant trend.
//   - Oscillating: hot in the last slice, < 90 % hot, and a cold spot in
//     some earlier slice.
//   - New: hot in the last slice and never before (nor ever cold).
//   - Consecutive: hot in one unbroken run of at least two slices that ends
//     with the last one, never hot (nor cold) before the run, < 90 % hot.
//   - Sporadic: hot in the last slice, on and off before, < 90 % hot, never
//     cold.
//   - Historical: not hot in the last slice, but hot in ≥ 90 % of slices.
//   - No pattern: anything else.
//
// ArcGIS's wording lets a cell that was once cold and is now newly hot be
// both new and oscillating; like R's sfdep this takes oscillating, the more
// telling of the two. Its wording for persistent does not name the last
// slice; requiring it keeps persistent and historical apart.
//
// The 90 % rule and the trend test need a run of slices to mean much: ArcGIS
// asks for at least ten.
func Emerging(slices [][]Result, trendAlpha float64) ([]Pattern, error) {
	if len(slices) < 2 {
		return nil, errs.E(errs.Invalid, "emerging hot spots need at least 2 time slices, got %d", len(slices))
	}
	if !(trendAlpha > 0 && trendAlpha < 1) {
		return nil, errs.E(errs.Invalid, "the trend significance level must lie between 0 and 1, got %g", trendAlpha)
	}
	cells := len(slices[0])
	for t, s := range slices {
		if len(s) != cells {
			return nil, errs.E(errs.Invalid, "time slice %d has %d cells, the first has %d", t, len(s), cells)
		}
	}
	h := history{hot: make([]bool, len(slices)), cold: make([]bool, len(slices)), z: make([]float64, len(slices))}
	out := make([]Pattern, cells)
	for c := range cells {
		for t, s := range slices {
			r := s[c]
			if math.IsNaN(r.Z) || math.IsInf(r.Z, 0) {
				return nil, errs.E(errs.Invalid, "cell %d has no finite z-score in time slice %d", c, t)
			}
			h.hot[t], h.cold[t], h.z[t] = r.Hot(), r.Cold(), r.Z
		}
		out[c] = h.pattern(trendAlpha)
	}
	return out, nil
}

// history is one cell's run of slices.
type history struct {
	hot, cold []bool
	z         []float64
}

func (h history) pattern(trendAlpha float64) Pattern {
	last := len(h.z) - 1
	switch {
	case h.hot[last]:
		return endsOn(h.hot, h.cold, h.z, trendAlpha)
	case h.cold[last]:
		// A cold spot intensifies as its z-score falls: test the negated series.
		neg := make([]float64, len(h.z))
		for i, v := range h.z {
			neg[i] = -v
		}
		return endsOn(h.cold, h.hot, neg, trendAlpha).cold()
	case mostly(h.hot):
		return HistoricalHot
	case mostly(h.cold):
		return HistoricalCold
	}
	return NoPattern
}

// endsOn classifies a cell that is "on" (hot, say) in the last slice; off
// holds the opposite kind of spot and z is oriented so that up means hotter.
// It answers in hot terms.
func endsOn(on, off []bool, z []float64, trendAlpha float64) Pattern {
	if mostly(on) {
		tr := MannKendall(z)
		switch {
		case tr.P <= trendAlpha && tr.Z > 0:
			return IntensifyingHot
		case tr.P <= trendAlpha && tr.Z < 0:
			return DiminishingHot
		}
		return PersistentHot
	}
	for _, o := range off {
		if o {
			return OscillatingHot
		}
	}
	switch k := count(on); {
	case k == 1: // only the last slice
		return NewHot
	case k == len(on)-runStart(on): // every hot slice is in the final run
		return ConsecutiveHot
	}
	return SporadicHot
}

// mostly reports whether at least 90 % of the flags are set, in integers so
// that 9 of 10 counts exactly.
func mostly(flags []bool) bool { return 10*count(flags) >= 9*len(flags) }

func count(flags []bool) int {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	return n
}

// runStart returns where the unbroken run of set flags ending at the last
// slice begins.
func runStart(flags []bool) int {
	i := len(flags) - 1
	for i > 0 && flags[i-1] {
		i--
	}
	return i
}
