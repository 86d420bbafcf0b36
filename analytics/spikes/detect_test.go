package spikes

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"loket/analytics/countmodel"
)

// syntheticSeries are two years and a window of weekday-shaped Poisson
// counts; some series get a spike or a raised level in the window, of
// sizes from obvious to borderline, so both kinds of alert and tests near
// the threshold occur.
func syntheticSeries(n, window int) []countmodel.Series {
	start := date(2023, time.January, 2)
	days := 2*365 + window
	weekday := [7]float64{0.3, 1.25, 1.1, 1.05, 1.0, 0.9, 0.4} // Sunday first
	var out []countmodel.Series
	for k := range n {
		level := 3 + float64(k%7)*4
		pois := distuv.Poisson{Src: rand.NewPCG(uint64(k), 7)}
		counts := make([]float64, days)
		for i := range counts {
			day := start.AddDate(0, 0, i)
			mu := level * weekday[day.Weekday()] * (1 + 0.3*math.Cos(2*math.Pi*float64(day.YearDay())/365))
			if i >= days-window {
				switch k % 5 {
				case 1: // one day of 1.5× to 3.5×
					if i == days-3 {
						mu *= 1.5 + float64(k%4)*0.7
					}
				case 2: // the last ten days half as busy again
					if i >= days-10 {
						mu *= 1.5
					}
				}
			}
			pois.Lambda = mu
			counts[i] = pois.Rand()
		}
		out = append(out, countmodel.Series{Key: strconv.Itoa(k), Start: start, Counts: counts})
	}
	return out
}

func TestParallelDetectionGivesTheAlertsOfOneDetectOverAllSeries(t *testing.T) {
	const window = 14
	series := syntheticSeries(40, window)
	opt := countmodel.Options{Window: window, FDR: 0.05}
	want, err := countmodel.Detect(series, opt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := detect(context.Background(), series, opt, 3)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[countmodel.Kind]int{}
	for _, a := range want.Alerts {
		kinds[a.Kind]++
	}
	if kinds[countmodel.KindSpike] == 0 || kinds[countmodel.KindDrift] == 0 {
		t.Fatalf("the data should raise both kinds of alert, got %v", kinds)
	}
	if len(got.Alerts) != len(want.Alerts) {
		t.Fatalf("parallel: %d alerts, one Detect: %d", len(got.Alerts), len(want.Alerts))
	}
	for i, w := range want.Alerts {
		g := got.Alerts[i]
		if g.Key != w.Key || !g.Day.Equal(w.Day) || g.Kind != w.Kind || !g.Since.Equal(w.Since) ||
			g.Observed != w.Observed || math.Abs(g.P-w.P) > 1e-12 || math.Abs(g.AdjustedP-w.AdjustedP) > 1e-12 {
			t.Errorf("alert %d: parallel %+v, one Detect %+v", i, g, w)
		}
	}
	if len(got.Skipped) != len(want.Skipped) {
		t.Errorf("skipped: parallel %v, one Detect %v", got.Skipped, want.Skipped)
	}
}

func TestDetectionStopsWhenItsContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := detect(ctx, syntheticSeries(10, 7), countmodel.Options{Window: 7, FDR: 0.01}, 2); err == nil {
		t.Fatal("a cancelled detection returned no error")
	}
}

func BenchmarkDetectParallel(b *testing.B) {
	series := syntheticSeries(100, 7)
	opt := countmodel.Options{Window: 7, FDR: 0.01}
	for b.Loop() {
		if _, err := detect(context.Background(), series, opt, runtime.GOMAXPROCS(0)); err != nil {
			b.Fatal(err)
		}
	}
}
