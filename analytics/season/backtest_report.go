package season

import (
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// idsOf finds the category id of each report.
func idsOf(sc *scope, reports []CategoryReport) []int {
	byCode := map[string]int{}
	for id, c := range sc.categories {
		byCode[c.Code] = id
	}
	ids := make([]int, len(reports))
	for k, r := range reports {
		ids[k] = byCode[r.Code]
	}
	return ids
}

// naiveDraws is the seasonal-naive forecast with Poisson spread, what a
// category without a model is scored as.
func naiveDraws(naive func(j int) float64, days, draws int, seed uint64) []drawn {
	src := rand.NewPCG(seed, 0x0a17e)
	out := make([]drawn, days)
	for j := range out {
		out[j].mean = naive(j)
		out[j].counts = make([]float64, draws)
		if naive(j) > 0 {
			p := distuv.Poisson{Lambda: naive(j), Src: src}
			for k := range out[j].counts {
				out[j].counts[k] = p.Rand()
			}
		}
		slices.Sort(out[j].counts)
	}
	return out
}

// report pools the tallies into scores.
func (b *backtest) report(skipped []Skipped) *BacktestReport {
	slices.Sort(b.origins)
	rep := &BacktestReport{
		From: Date{Time: b.h.days[0]}, To: Date{Time: b.h.days[len(b.h.days)-1]},
		FirstOrigin: Date{Time: b.h.days[b.origins[0]]}, LastOrigin: Date{Time: b.h.days[b.origins[len(b.origins)-1]]},
		Origins: len(b.origins), Horizon: b.opt.Horizon, Skipped: skipped, Fallbacks: b.fallbacks,
	}
	if rep.Skipped == nil {
		rep.Skipped = []Skipped{}
	}
	var all, weather tally
	for k, t := range b.byCategory {
		r := b.reports[k]
		rep.Categories = append(rep.Categories, CategoryScore{Category: r.Category, WeatherDriven: r.WeatherDriven, Score: t.score()})
		all.merge(t)
		if r.WeatherDriven {
			weather.merge(t)
		}
	}
	rep.Overall, rep.WeatherDriven = all.score(), weather.score()
	for _, t := range b.byHorizon {
		rep.ByHorizon = append(rep.ByHorizon, t.score())
	}
	return rep
}
