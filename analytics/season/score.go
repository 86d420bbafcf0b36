package season

import (
	"math"
	"slices"
	"sort"
)

// Score sums up forecasts against what happened.
type Score struct {
	Forecasts int     `json:"forecasts"`
	MAE       float64 `json:"mae"`       // mean absolute error of the forecast means
	NaiveMAE  float64 `json:"naive_mae"` // the same for the seasonal-naive forecast (same weekday last week)
	MASE      float64 `json:"mase"`      // MAE / NaiveMAE: below 1 beats the seasonal-naive forecast
	// MedianMASE is MASE for the median of the forecast distribution
	// rather than its mean: absolute errors are smallest around the
	// median, so it is what MASE rewards; the forecasts state the mean.
	MedianMASE float64 `json:"median_mase"`
	// HindsightMASE is MASE for a forecast that knows the future: the
	// median of the same weekday in the three weeks before and the three
	// after. It is no forecast but a yardstick of how far day-to-day noise
	// lets any forecast go below 1.
	HindsightMASE float64 `json:"hindsight_mase"`
	// Coverage80 and Coverage95 are the shares of counts inside the
	// intervals. Counts are whole numbers, so an interval holds at least
	// its nominal share and often more: [0, 1] may be the narrowest
	// interval with 80 % and hold 93 %.
	Coverage80 float64 `json:"coverage80"`
	Coverage95 float64 `json:"coverage95"`
	// PIT80 and PIT95 measure calibration without that step: the share of
	// the randomized probability integral transform inside [0.10, 0.90]
	// and [0.025, 0.975], which is 0.80 and 0.95 for a calibrated forecast.
	PIT80 float64 `json:"pit80"`
	PIT95 float64 `json:"pit95"`
}

// tally accumulates the sums behind a Score.
type tally struct {
	n, abs, absMedian, naive, hindsight, in80, in95, pit80, pit95 float64
}

// add scores one forecast day: its simulated counts, what happened, and
// what the seasonal-naive and the hindsight forecasts said.
func (t *tally) add(d drawn, actual, naive, hindsight float64) {
	t.n++
	t.abs += math.Abs(d.mean - actual)
	t.absMedian += math.Abs(quantile(d.counts, 0.5) - actual)
	t.naive += math.Abs(naive - actual)
	t.hindsight += math.Abs(hindsight - actual)
	if quantile(d.counts, 0.10) <= actual && actual <= quantile(d.counts, 0.90) {
		t.in80++
	}
	if quantile(d.counts, 0.025) <= actual && actual <= quantile(d.counts, 0.975) {
		t.in95++
	}
	// The PIT of a count is uniform between the forecast's cdf just below
	// it and at it.
	n := float64(len(d.counts))
	below := float64(sort.SearchFloat64s(d.counts, actual)) / n
	upTo := float64(sort.SearchFloat64s(d.counts, actual+0.5)) / n
	t.pit80 += overlap(below, upTo, 0.10, 0.90)
	t.pit95 += overlap(below, upTo, 0.025, 0.975)
}

// overlap is the share of [lo, hi] inside [a, b]; a point counts whole or not at all.
func overlap(lo, hi, a, b float64) float64 {
	if hi <= lo {
		if a <= lo && lo <= b {
			return 1
		}
		return 0
	}
	return math.Max(0, math.Min(hi, b)-math.Max(lo, a)) / (hi - lo)
}

func (t *tally) merge(o tally) {
	t.n, t.abs, t.absMedian, t.naive = t.n+o.n, t.abs+o.abs, t.absMedian+o.absMedian, t.naive+o.naive
	t.hindsight += o.hindsight
	t.in80, t.in95, t.pit80, t.pit95 = t.in80+o.in80, t.in95+o.in95, t.pit80+o.pit80, t.pit95+o.pit95
}

func (t tally) score() Score {
	if t.n == 0 {
		return Score{}
	}
	s := Score{Forecasts: int(t.n), MAE: t.abs / t.n, NaiveMAE: t.naive / t.n,
		Coverage80: t.in80 / t.n, Coverage95: t.in95 / t.n, PIT80: t.pit80 / t.n, PIT95: t.pit95 / t.n}
	if t.naive > 0 {
		s.MASE, s.MedianMASE, s.HindsightMASE = t.abs/t.naive, t.absMedian/t.naive, t.hindsight/t.naive
	}
	return s
}

// hindsight is the median of the same weekday up to three weeks before
// and after day i of counts, as far as the data reach.
func hindsight(counts []float64, i int) float64 {
	var around []float64
	for k := -21; k <= 21; k += 7 {
		if j := i + k; k != 0 && j >= 0 && j < len(counts) {
			around = append(around, counts[j])
		}
	}
	slices.Sort(around)
	return quantile(around, 0.5)
}
