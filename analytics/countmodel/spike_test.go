package countmodel

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

var weekdayFactor = map[time.Weekday]float64{
	time.Monday: 1.2, time.Tuesday: 1.1, time.Wednesday: 1, time.Thursday: 1, time.Friday: 0.9,
	time.Saturday: 0.5, time.Sunday: 0.35,
}

// seasonalMeans is level × weekday factor × (1 + amplitude·cos) with the
// annual peak on peak.
func seasonalMeans(days []time.Time, level, amplitude float64, peak time.Time) []float64 {
	mu := make([]float64, len(days))
	for i, d := range days {
		phase := 2 * math.Pi * float64(dayNumber(d)-dayNumber(peak)) / daysPerYear
		mu[i] = level * weekdayFactor[d.Weekday()] * (1 + amplitude*math.Cos(phase))
	}
	return mu
}

func alertsOf(r Report, key string, kind Kind) []Alert {
	var out []Alert
	for _, a := range r.Alerts {
		if a.Key == key && a.Kind == kind {
			out = append(out, a)
		}
	}
	return out
}

func TestInjectedSpikeIsFlaggedOnItsDay(t *testing.T) {
	days := Days(day0, 2*365+28)
	spikeAt := len(days) - 12
	if wd := days[spikeAt].Weekday(); wd == time.Saturday || wd == time.Sunday {
		t.Fatalf("pick a weekday for the spike, not %v", wd)
	}
	var series []Series
	for k, key := range []string{"opening-hours", "waste", "potholes", "lighting", "noise"} {
		mu := seasonalMeans(days, 25, 0.2, time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC))
		y := drawCounts(uint64(100+k), mu, 0.05)
		if key == "opening-hours" {
			y[spikeAt] = math.Round(3 * mu[spikeAt])
		}
		series = append(series, Series{Key: key, Start: day0, Counts: y})
	}
	r, err := Detect(series, Options{})
	if err != nil {
		t.Fatal(err)
	}
	spikes := alertsOf(r, "opening-hours", KindSpike)
	if len(spikes) != 1 || !spikes[0].Day.Equal(days[spikeAt]) {
		t.Fatalf("want one spike on %s, got %+v", days[spikeAt].Format(time.DateOnly), spikes)
	}
	a := spikes[0]
	if a.Observed < 2.5*a.Expected || a.AdjustedP > 0.01 || a.AdjustedP < a.P {
		t.Errorf("spike alert %+v: observed should be about 3× expected, adjusted p ≥ p and ≤ 0.01", a)
	}
	if got := alertsOf(r, "opening-hours", KindDrift); len(got) != 0 {
		t.Errorf("a single day should not pass as a drift, got %+v", got)
	}
}

func TestSeasonalPeakAloneIsNotFlagged(t *testing.T) {
	// Three years of history whose window is the four weeks up to the
	// annual peak (+50 %).
	days := Days(day0, 3*365+28)
	peak := days[len(days)-1]
	var series []Series
	for k, key := range []string{"heating", "gritting", "leaves"} {
		y := drawCounts(uint64(200+k), seasonalMeans(days, 20, 0.5, peak), 0)
		series = append(series, Series{Key: key, Start: day0, Counts: y})
	}
	r, err := Detect(series, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Alerts) != 0 || len(r.Skipped) != 0 {
		t.Fatalf("a seasonal peak the model knows should raise nothing, got %+v", r)
	}
	// Without seasonal terms the same peak is a surprise: the check above
	// could fail.
	blind, err := Detect(series, Options{Harmonics: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(blind.Alerts) == 0 {
		t.Fatal("without seasonal terms the peak should raise alerts")
	}
}

func TestUniformNoiseRaisesNoAlerts(t *testing.T) {
	rnd := rand.New(rand.NewPCG(42, 42))
	var series []Series
	for k := range 20 {
		y := make([]float64, 2*365+28)
		for i := range y {
			y[i] = float64(10 + rnd.IntN(21))
		}
		series = append(series, Series{Key: "category-" + string(rune('a'+k)), Start: day0, Counts: y})
	}
	r, err := Detect(series, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Alerts) != 0 {
		t.Fatalf("uniform noise should raise no alert after Benjamini–Hochberg, got %+v", r.Alerts)
	}
}

func TestSlowDriftIsFlaggedAsDrift(t *testing.T) {
	days := Days(day0, 2*365+28)
	hist := len(days) - 28
	var series []Series
	for k, key := range []string{"graffiti", "parking", "trees", "bins"} {
		mu := seasonalMeans(days, 15, 0.2, time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC))
		if key == "graffiti" {
			// From the window's first day the level climbs to +60 % over three weeks.
			for i := hist; i < len(days); i++ {
				mu[i] *= 1 + 0.6*math.Min(float64(i-hist)/21, 1)
			}
		}
		series = append(series, Series{Key: key, Start: day0, Counts: drawCounts(uint64(300+k), mu, 0.05)})
	}
	r, err := Detect(series, Options{})
	if err != nil {
		t.Fatal(err)
	}
	drifts := alertsOf(r, "graffiti", KindDrift)
	if len(drifts) == 0 {
		t.Fatalf("a climb to +60 %% should raise a drift alert, got %+v", r.Alerts)
	}
	for _, a := range drifts {
		if a.Since.Before(days[hist]) || a.Day.Before(a.Since) || a.Observed <= a.Expected {
			t.Errorf("drift alert %+v should cover window days with more than expected", a)
		}
	}
	for _, a := range r.Alerts {
		if a.Key != "graffiti" && a.Kind == KindDrift {
			t.Errorf("a steady series drifted: %+v", a)
		}
	}
}

func TestAllZeroAndNewSeriesStayFinite(t *testing.T) {
	n := 400 + 28
	zeros := make([]float64, n)
	fresh := make([]float64, n)
	fresh[n-3] = 12 // a topic nobody called about before
	r, err := Detect([]Series{
		{Key: "zeros", Start: day0, Counts: zeros},
		{Key: "fresh", Start: day0, Counts: fresh},
		{Key: "short", Start: day0, Counts: make([]float64, 40)},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Alerts {
		assertFinite(t, a.Key, a.Observed, a.Expected, a.P, a.AdjustedP)
		if a.Key == "zeros" {
			t.Errorf("an all-zero series raised %+v", a)
		}
	}
	if got := alertsOf(r, "fresh", KindSpike); len(got) != 1 || !got[0].Day.Equal(Days(day0, n)[n-3]) {
		t.Errorf("12 calls after a silent year should be one spike, got %+v", got)
	}
	if len(r.Skipped) != 1 || r.Skipped[0].Key != "short" {
		t.Errorf("the 40-day series should be skipped for too little history, got %+v", r.Skipped)
	}
}

func TestDetectRefusesBadInput(t *testing.T) {
	ok := Series{Key: "a", Start: day0, Counts: make([]float64, 100)}
	cases := map[string]struct {
		series []Series
		opt    Options
	}{
		"duplicate keys":    {[]Series{ok, ok}, Options{}},
		"missing key":       {[]Series{{Start: day0, Counts: []float64{1}}}, Options{}},
		"negative count":    {[]Series{{Key: "b", Start: day0, Counts: []float64{1, -2}}}, Options{}},
		"FDR of one":        {[]Series{ok}, Options{FDR: 1}},
		"window too long":   {[]Series{ok}, Options{Window: 1000}},
		"history too short": {[]Series{ok}, Options{MinHistory: 3}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Detect(c.series, c.opt)
			mustInvalid(t, err, name)
		})
	}
}

func TestSpikePValuesAreNotTooSmallUnderTheModel(t *testing.T) {
	// Counts drawn from the kind of model Detect fits: the share of
	// p-values at or below a level must not exceed that level by more
	// than sampling noise, or false alerts would outrun the FDR.
	days := Days(day0, 2*365+28)
	var series []Series
	for k := range 40 {
		mu := seasonalMeans(days, 8+float64(k), 0.3, time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC))
		series = append(series, Series{Key: string(rune('A' + k)), Start: day0, Counts: drawCounts(uint64(400+k), mu, 0.1)})
	}
	opt, _ := Options{MinCount: 1}.withDefaults()
	var p []float64
	for _, s := range series {
		tests, reason := monitor(s, opt)
		if reason != "" {
			t.Fatal(reason)
		}
		for _, tt := range tests {
			if tt.alert.Kind == KindSpike && tt.alert.Observed > 0 {
				p = append(p, tt.p)
			}
		}
	}
	for _, level := range []float64{0.01, 0.05, 0.2} {
		share := 0.0
		for _, v := range p {
			if v <= level {
				share++
			}
		}
		share /= float64(len(p))
		if noise := 3 * math.Sqrt(level*(1-level)/float64(len(p))); share > level+noise {
			t.Errorf("%.3f of %d p-values are ≤ %v", share, len(p), level)
		}
		t.Logf("share of p ≤ %v: %.3f (n = %d)", level, share, len(p))
	}
}

func TestHolidaysSetTheirOwnExpectation(t *testing.T) {
	// The desk is nearly closed on the 1st and 15th of each month. A
	// holiday in the window with an ordinary day's count is a spike only
	// for a model that knows holidays are quiet.
	holiday := func(d time.Time) bool { return d.Day() == 1 || d.Day() == 15 }
	days := Days(day0, 2*365+28)
	mu := seasonalMeans(days, 30, 0, day0)
	for i, d := range days {
		if holiday(d) {
			mu[i] = 2
		}
	}
	y := drawCounts(500, mu, 0.02)
	var target int
	for i := len(days) - 28; i < len(days); i++ {
		if holiday(days[i]) && days[i].Weekday() != time.Saturday && days[i].Weekday() != time.Sunday {
			target = i
			y[i] = 30
			break
		}
	}
	if target == 0 {
		t.Fatal("the window holds no weekday holiday")
	}
	series := []Series{{Key: "desk", Start: day0, Counts: y}}
	aware, err := Detect(series, Options{Holiday: holiday})
	if err != nil {
		t.Fatal(err)
	}
	got := alertsOf(aware, "desk", KindSpike)
	if len(got) != 1 || !got[0].Day.Equal(days[target]) || got[0].Expected > 5 {
		t.Errorf("want one spike on the busy holiday %s with a low expectation, got %+v", days[target].Format(time.DateOnly), got)
	}
	blind, err := Detect(series, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range alertsOf(blind, "desk", KindSpike) {
		if a.Day.Equal(days[target]) {
			t.Errorf("without holidays an ordinary count on %s is no spike, got %+v", a.Day.Format(time.DateOnly), a)
		}
	}
}
