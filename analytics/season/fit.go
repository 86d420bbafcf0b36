package season

import (
	"math"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"loket/analytics/countmodel"
	"loket/internal/errs"
)

// Test is a likelihood-ratio test of a block of columns: the model with
// them against the same model without.
type Test struct {
	Statistic float64 `json:"statistic"` // twice the gain in log-likelihood
	DF        int     `json:"df"`
	P         float64 `json:"p"`
	AdjustedP float64 `json:"adjusted_p"` // Benjamini–Hochberg across the categories of the report
}

// categoryFit is one category's model over a history, with the tests of
// its weather and season blocks (nil when the model has no such block).
type categoryFit struct {
	model           *countmodel.Model
	weather, season *Test
	untested        []LeftOut // tests whose null model could not be fitted
}

// fitModel fits the full model of spec to one category's counts.
func fitModel(ms *modelSpec, days []time.Time, counts []float64) (*countmodel.Model, error) {
	return fitSpec(ms.spec, ms.fitDays(days), pick(counts, ms.rows))
}

// fitAndTest fits the full model and the models without weather and
// without season, and tests both blocks.
func fitAndTest(ms *modelSpec, days []time.Time, counts []float64) (*categoryFit, error) {
	fd, y := ms.fitDays(days), pick(counts, ms.rows)
	full, err := fitSpec(ms.spec, fd, y)
	if err != nil {
		return nil, err
	}
	f := &categoryFit{model: full}
	if len(ms.weather) > 0 {
		if f.weather, err = blockTest(full, ms.withoutWeather(), fd, y, len(ms.weather)); err != nil {
			f.untested = append(f.untested, LeftOut{"weather test", "the model without the weather could not be fitted: " + failureReason(err)})
		}
	}
	if ms.spec.Harmonics > 0 {
		if f.season, err = blockTest(full, ms.withoutSeason(), fd, y, 2*ms.spec.Harmonics); err != nil {
			f.untested = append(f.untested, LeftOut{"season test", "the model without the season could not be fitted: " + failureReason(err)})
		}
	}
	return f, nil
}

func blockTest(full *countmodel.Model, reduced countmodel.Spec, days []time.Time, y []float64, df int) (*Test, error) {
	m, err := fitSpec(reduced, days, y)
	if err != nil {
		return nil, err
	}
	// Nested models: the full one cannot fit worse, up to rounding.
	stat := math.Max(2*(full.LogLik-m.LogLik), 0)
	return &Test{Statistic: stat, DF: df, P: distuv.ChiSquared{K: float64(df)}.Survival(stat)}, nil
}

func fitSpec(spec countmodel.Spec, days []time.Time, y []float64) (*countmodel.Model, error) {
	d, err := spec.Build(days)
	if err != nil {
		return nil, err
	}
	return countmodel.Fit(countmodel.NegBinomial, d, y)
}

func pick(values []float64, rows []int) []float64 {
	out := make([]float64, len(rows))
	for k, i := range rows {
		out[k] = values[i]
	}
	return out
}

// fitFailure says why a category got no model.
func fitFailure(err error) string { return "no model could be fitted: " + failureReason(err) }

// failureReason says why a fit failed. countmodel's own errors say it in
// words; the linear algebra's do not.
func failureReason(err error) string {
	if errs.KindOf(err) != errs.Internal {
		return errs.MessageOf(err)
	}
	return "its columns are (nearly) dependent on the days of the history"
}
