package countmodel

import (
	"cmp"
	"slices"
	"time"

	"loket/internal/errs"
)

// Series is a daily count series, such as one category or one category in
// one neighbourhood.
type Series struct {
	Key    string    // e.g. "opening-hours" or "opening-hours/wijk-12"
	Start  time.Time // the day of Counts[0]
	Counts []float64 // one count per consecutive day
}

// Kind says what an alert found.
type Kind string

const (
	KindSpike Kind = "spike" // one day far above what season and weekday predict
	KindDrift Kind = "drift" // days on end somewhat above it
)

// Alert is a day on which a series rose above its prediction.
type Alert struct {
	Key       string
	Day       time.Time
	Kind      Kind
	Since     time.Time // first day counted: Day for spikes, the start of the excess for drifts
	Observed  float64   // count on Day, or total since Since for drifts
	Expected  float64   // predicted mean of Observed
	P         float64   // upper-tail p-value under the prediction
	AdjustedP float64   // Benjamini–Hochberg over all series tested that day
}

// Skipped names a series that could not be monitored, and why.
type Skipped struct {
	Key, Reason string
}

// Report is the outcome of Detect.
type Report struct {
	Alerts  []Alert
	Skipped []Skipped
}

// test is one p-value waiting for its day's Benjamini–Hochberg adjustment.
type test struct {
	alert Alert
	p     float64
}

// Detect fits each series' history (all but the last Window days) and
// tests every day of the window for spikes and, with a CUSUM, for drifts.
// P-values of one day and kind are adjusted together across series.
func Detect(series []Series, opt Options) (Report, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Report{}, err
	}
	if err := checkSeries(series); err != nil {
		return Report{}, err
	}
	var report Report
	families := map[familyKey][]test{}
	for _, s := range series {
		tests, reason := monitor(s, opt)
		if reason != "" {
			report.Skipped = append(report.Skipped, Skipped{Key: s.Key, Reason: reason})
			continue
		}
		for _, t := range tests {
			k := familyKey{t.alert.Day, t.alert.Kind}
			families[k] = append(families[k], t)
		}
	}
	for _, tests := range families {
		p := make([]float64, len(tests))
		for i, t := range tests {
			p[i] = t.p
		}
		for i, adj := range AdjustBH(p) {
			if adj <= opt.FDR && tests[i].alert.Observed > tests[i].alert.Expected {
				a := tests[i].alert
				a.P, a.AdjustedP = tests[i].p, adj
				report.Alerts = append(report.Alerts, a)
			}
		}
	}
	slices.SortFunc(report.Alerts, func(a, b Alert) int {
		return cmp.Or(a.Day.Compare(b.Day), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Key, b.Key))
	})
	return report, nil
}

type familyKey struct {
	day  time.Time
	kind Kind
}

func checkSeries(series []Series) error {
	seen := map[string]bool{}
	for _, s := range series {
		if s.Key == "" {
			return errs.E(errs.Invalid, "every series needs a key")
		}
		if seen[s.Key] {
			return errs.E(errs.Invalid, "series %q appears twice", s.Key)
		}
		seen[s.Key] = true
		if err := checkCounts(s.Counts); err != nil {
			return errs.Wrap(err, errs.Invalid, "series "+s.Key)
		}
	}
	return nil
}
