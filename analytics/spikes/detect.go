package spikes

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"loket/analytics/countmodel"
)

// detect does what countmodel.Detect(series, opt) does, spread over
// workers: countmodel fits series one after another, and a city's few
// hundred series take seconds that way.
//
// Benjamini–Hochberg must still run over all series of a day and kind, so
// each series goes through Detect alone, with a false discovery rate just
// below 1: each of its families then holds one test, whose adjusted
// p-value is its own, and every test that could alert comes back with it.
// The tests that do not come back have p = 1 (a day under the minimum
// count; a day without a CUSUM alarm) or a count at or below its
// prediction, which never alerts and whose upper-tail p, far above any
// useful rate, enters the adjustment as 1 here: the adjusted p-values up
// to that level, and so the alerts, are those of one Detect over all.
func detect(ctx context.Context, series []countmodel.Series, opt countmodel.Options, workers int) (countmodel.Report, error) {
	fdr := opt.FDR
	each := opt
	each.FDR = math.Nextafter(1, 0)
	reports := make([]countmodel.Report, len(series))
	failed := make([]error, len(series))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(series))) {
		wg.Go(func() {
			for i := range next {
				reports[i], failed[i] = countmodel.Detect(series[i:i+1], each)
			}
		})
	}
	func() {
		defer close(next)
		for i := range series {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return countmodel.Report{}, err
	}
	var out countmodel.Report
	families := map[family][]countmodel.Alert{}
	for i, r := range reports {
		if failed[i] != nil {
			return countmodel.Report{}, failed[i]
		}
		out.Skipped = append(out.Skipped, r.Skipped...)
		for _, a := range r.Alerts {
			f := family{a.Day, a.Kind}
			families[f] = append(families[f], a)
		}
	}
	tested := len(series) - len(out.Skipped)
	for _, candidates := range families {
		p := make([]float64, tested)
		for i := range p {
			p[i] = 1
		}
		for i, a := range candidates {
			p[i] = a.P
		}
		adjusted := countmodel.AdjustBH(p)
		for i, a := range candidates {
			if adjusted[i] <= fdr {
				a.AdjustedP = adjusted[i]
				out.Alerts = append(out.Alerts, a)
			}
		}
	}
	slices.SortFunc(out.Alerts, func(a, b countmodel.Alert) int {
		return cmp.Or(a.Day.Compare(b.Day), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Key, b.Key))
	})
	return out, nil
}

type family struct {
	day  time.Time
	kind countmodel.Kind
}
