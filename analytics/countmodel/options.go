package countmodel

import (
	"cmp"
	"math"
	"time"

	"loket/internal/errs"
)

// Options tune Detect. Zero fields take the defaults in brackets.
type Options struct {
	Window     int     // last days of each series that are tested and kept out of the fit [28]
	MinHistory int     // days of history a series needs before its window [56]
	FDR        float64 // false discovery rate per day and kind [0.01]
	MinCount   float64 // a day with fewer tickets is never a spike [5]
	Harmonics  int     // annual Fourier pairs, used with a year of history or more [3]; negative: none
	// Holiday marks public holidays; used when the history holds at least one.
	Holiday func(day time.Time) bool
	CUSUMK  float64 // CUSUM allowance in standard deviations [0.5]
	CUSUMH  float64 // CUSUM threshold [5]
}

const maxWindow = 366

func (o Options) withDefaults() (Options, error) {
	o.Window = cmp.Or(o.Window, 28)
	o.MinHistory = cmp.Or(o.MinHistory, 56)
	o.FDR = cmp.Or(o.FDR, 0.01)
	o.MinCount = cmp.Or(o.MinCount, 5)
	o.Harmonics = cmp.Or(o.Harmonics, 3)
	o.CUSUMK = cmp.Or(o.CUSUMK, 0.5)
	o.CUSUMH = cmp.Or(o.CUSUMH, 5)
	switch {
	case o.Window < 1 || o.Window > maxWindow:
		return o, errs.E(errs.Invalid, "the window must be between 1 and %d days, not %d", maxWindow, o.Window)
	case o.MinHistory < 14:
		return o, errs.E(errs.Invalid, "at least 14 days of history are needed to fit weekday effects, not %d", o.MinHistory)
	case !(o.FDR > 0 && o.FDR < 1):
		return o, errs.E(errs.Invalid, "the false discovery rate must lie between 0 and 1, not %v", o.FDR)
	case o.MinCount < 0 || math.IsNaN(o.MinCount):
		return o, errs.E(errs.Invalid, "the minimum count cannot be negative")
	case o.Harmonics > maxHarmonics:
		return o, errs.E(errs.Invalid, "at most %d harmonics, not %d", maxHarmonics, o.Harmonics)
	case !(o.CUSUMK >= 0) || !(o.CUSUMH > 0):
		return o, errs.E(errs.Invalid, "the CUSUM needs an allowance ≥ 0 and a threshold > 0")
	}
	return o, nil
}
