package season

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"loket/analytics/countmodel"
	"loket/internal/errs"
)

// analyse fits every category of h with enough tickets and decides, with
// a Benjamini–Hochberg adjustment across them, which follow the weather
// and which the season.
func (s *Service) analyse(ctx context.Context, sc *scope, h *history) ([]CategoryReport, []Skipped, error) {
	ids, skipped := s.modelled(sc, h)
	ms := newModelSpec(h.days, h.wx, h.cal, s.opt.Harmonics)
	reports := make([]*CategoryReport, len(ids))
	reasons := make([]string, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.opt.Workers)
	for k, id := range ids {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			cms := ms.forCategory(h.days, h.counts[id])
			f, err := fitAndTest(cms, h.days, h.counts[id])
			if err != nil {
				reasons[k] = fitFailure(err)
				return nil
			}
			reports[k] = categoryReport(sc.categories[id], h.days, h.counts[id], cms, f)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, errs.Wrap(err, errs.Unavailable, "the analysis was cancelled")
	}
	out := []CategoryReport{}
	for k, r := range reports {
		if r == nil {
			skipped = append(skipped, Skipped{sc.categories[ids[k]], reasons[k]})
			continue
		}
		out = append(out, *r)
	}
	s.verdicts(out)
	return out, skipped, nil
}

func categoryReport(c Category, days []time.Time, counts []float64, ms *modelSpec, f *categoryFit) *CategoryReport {
	r := &CategoryReport{Category: c, WeatherTest: f.weather, SeasonTest: f.season}
	for _, n := range counts {
		r.Tickets += int(n)
	}
	r.PerDay = float64(r.Tickets) / float64(len(days))
	r.ByMonth, r.BySeason, r.ByWeekday = tables(days, counts)
	r.PeakSeason = busiest(r.BySeason).Name
	r.Model = Model{Family: f.model.Family.String(), Alpha: f.model.Alpha, Days: f.model.N,
		Columns: f.model.Names, LeftOut: append(append([]LeftOut{}, ms.leftOut...), f.untested...)}
	r.Effects = effects(f.model, ms)
	return r
}

// verdicts adjusts the weather and the season tests across categories,
// decides each category and sums it up in a sentence.
func (s *Service) verdicts(reports []CategoryReport) {
	adjust(reports, func(r *CategoryReport) *Test { return r.WeatherTest })
	adjust(reports, func(r *CategoryReport) *Test { return r.SeasonTest })
	for i := range reports {
		r := &reports[i]
		r.WeatherDriven = r.WeatherTest != nil && r.WeatherTest.AdjustedP <= s.opt.FDR
		r.Seasonal = r.SeasonTest != nil && r.SeasonTest.AdjustedP <= s.opt.FDR
		r.Summary = summary(r)
	}
}

// adjust fills the adjusted p-values of the tests test picks.
func adjust(reports []CategoryReport, test func(*CategoryReport) *Test) {
	var tests []*Test
	var p []float64
	for i := range reports {
		if t := test(&reports[i]); t != nil {
			tests, p = append(tests, t), append(p, t.P)
		}
	}
	for k, adj := range countmodel.AdjustBH(p) {
		tests[k].AdjustedP = adj
	}
}

// summary says the verdicts in words.
func summary(r *CategoryReport) string {
	var b strings.Builder
	switch {
	case r.WeatherTest == nil:
		b.WriteString("The weather could not be tested (see the model's left-out terms).")
	case r.WeatherDriven:
		fmt.Fprintf(&b, "Weather-driven (adjusted p = %.2g)", r.WeatherTest.AdjustedP)
		if top := strongest(r.Effects, 2); len(top) > 0 {
			b.WriteString(": " + strings.Join(top, "; "))
		}
		b.WriteString(".")
	default:
		fmt.Fprintf(&b, "Not weather-driven: the weather adds nothing clear to weekday and season (adjusted p = %.2g).", r.WeatherTest.AdjustedP)
	}
	switch peak := busiest(r.BySeason); {
	case r.SeasonTest == nil:
		b.WriteString(" The season could not be tested (see the model's left-out terms).")
	case r.Seasonal:
		fmt.Fprintf(&b, " Seasonal: busiest in %s (%.1f× the average day).", peak.Name, peak.Index)
	default:
		b.WriteString(" No clear season.")
	}
	return b.String()
}

// strongest describes the n largest significant weather effects.
func strongest(effects []Effect, n int) []string {
	var sig []Effect
	for _, e := range effects {
		if e.Estimable && e.P < 0.05 && e.Term != "holiday" && e.Term != schoolTermName {
			sig = append(sig, e)
		}
	}
	size := func(e Effect) float64 { return math.Abs(math.Log1p(e.Percent / 100)) }
	slices.SortFunc(sig, func(a, b Effect) int { return cmp.Compare(size(b), size(a)) })
	var out []string
	for _, e := range sig[:min(n, len(sig))] {
		out = append(out, e.Description)
	}
	return out
}
