package countmodel

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

func TestPoissonOneBinaryCovariateMatchesGroupMeans(t *testing.T) {
	// Group A counts 2, 3, 4 (mean 3), group B 5, 7, 6 (mean 6): the MLE is
	// log 3 for the intercept and log(6/3) for the group, and the Fisher
	// information gives Var = 1/ΣyA for the intercept and 1/ΣyA + 1/ΣyB
	// for the group effect.
	x := mat.NewDense(6, 2, []float64{1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1})
	d := &Design{Names: []string{"intercept", "group_b"}, Days: Days(day0, 6), X: x}
	m, err := Fit(Poisson, d, []float64{2, 3, 4, 5, 7, 6})
	if err != nil {
		t.Fatal(err)
	}
	c := m.Coefficients()
	checks := []struct {
		what      string
		got, want float64
	}{
		{"intercept", c[0].Estimate, math.Log(3)},
		{"group effect", c[1].Estimate, math.Log(2)},
		{"intercept SE", c[0].SE, math.Sqrt(1.0 / 9)},
		{"group SE", c[1].SE, math.Sqrt(1.0/9 + 1.0/18)},
	}
	for _, k := range checks {
		if math.Abs(k.got-k.want) > 1e-9 {
			t.Errorf("%s = %.12f, want %.12f", k.what, k.got, k.want)
		}
	}
	if m.Alpha != 0 {
		t.Errorf("Poisson alpha = %v, want 0", m.Alpha)
	}
}

// simulateFrost builds three years of daily NB2 counts with a known
// intercept, weekday effects and a frost effect of IRR 1.38.
func simulateFrost(seed uint64, alpha float64) (Spec, []time.Time, []float64, map[string]float64) {
	days := Days(day0, 3*365+1)
	rnd := rand.New(rand.NewPCG(seed, 2))
	frost := make([]float64, len(days))
	for i, d := range days {
		if m := d.Month(); (m == time.December || m <= time.February) && rnd.Float64() < 0.4 {
			frost[i] = 1
		}
	}
	spec := Spec{Weekdays: true, Columns: []Column{{Name: "frost", Value: ByDay(days, frost)}}}
	truth := map[string]float64{
		"intercept": math.Log(20), "tue": -0.05, "wed": 0, "thu": 0.08, "fri": -0.1,
		"sat": -0.6, "sun": -0.9, "frost": math.Log(1.38),
	}
	design, _ := spec.Build(days)
	mu := make([]float64, len(days))
	for i := range mu {
		eta := 0.0
		for j, name := range design.Names {
			eta += truth[name] * design.X.At(i, j)
		}
		mu[i] = math.Exp(eta)
	}
	return spec, days, drawCounts(seed, mu, alpha), truth
}

func TestNegativeBinomialRecoversKnownCoefficients(t *testing.T) {
	spec, days, y, truth := simulateFrost(7, 0.2)
	d, err := spec.Build(days)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Fit(NegBinomial, d, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range m.Coefficients() {
		if dev := math.Abs(c.Estimate-truth[c.Name]) / c.SE; dev > 3 {
			t.Errorf("%s = %.3f ± %.3f, truth %.3f is %.1f standard errors away", c.Name, c.Estimate, c.SE, truth[c.Name], dev)
		}
	}
	frost, _ := m.Coefficient("frost")
	if _, lo, hi := frost.IRR(); lo > 1.38 || hi < 1.38 {
		t.Errorf("frost IRR 95 %% CI %.3f–%.3f does not cover 1.38", lo, hi)
	}
	if dev := math.Abs(math.Log(m.Alpha)-math.Log(0.2)) / m.AlphaSE; m.AlphaSE == 0 || dev > 3 {
		t.Errorf("alpha = %.3f (SE of log %.3f), truth 0.2 is %.1f standard errors away", m.Alpha, m.AlphaSE, dev)
	}
	t.Logf("frost: %s; alpha %.3f", frost.Describe("frost day"), m.Alpha)
}

func TestNegativeBinomialBeatsPoissonOnOverdispersedCounts(t *testing.T) {
	spec, days, y, _ := simulateFrost(11, 0.2)
	d, _ := spec.Build(days)
	nb, err := Fit(NegBinomial, d, y)
	if err != nil {
		t.Fatal(err)
	}
	pois, err := Fit(Poisson, d, y)
	if err != nil {
		t.Fatal(err)
	}
	if nb.AIC >= pois.AIC {
		t.Errorf("NB AIC %.1f should be below Poisson AIC %.1f on overdispersed counts", nb.AIC, pois.AIC)
	}
	// Poisson ignores the extra spread, so its standard errors are too small.
	nbFrost, _ := nb.Coefficient("frost")
	poisFrost, _ := pois.Coefficient("frost")
	if poisFrost.SE >= nbFrost.SE {
		t.Errorf("Poisson SE %.4f should be below NB SE %.4f", poisFrost.SE, nbFrost.SE)
	}
}

func TestNegativeBinomialOnPoissonCountsFallsBackToPoisson(t *testing.T) {
	spec, days, _, truth := simulateFrost(3, 0)
	d, _ := spec.Build(days)
	mu := make([]float64, len(days))
	for i := range mu {
		mu[i] = math.Exp(truth["intercept"])
	}
	// Counts with less spread than Poisson: the NB2 likelihood peaks at α = 0.
	y := make([]float64, len(mu))
	for i := range y {
		y[i] = float64(18 + i%5)
	}
	m, err := Fit(NegBinomial, d, y)
	if err != nil {
		t.Fatal(err)
	}
	pois, _ := Fit(Poisson, d, y)
	if m.Alpha != 0 {
		t.Errorf("alpha = %v on underdispersed counts, want 0", m.Alpha)
	}
	for j := range m.Beta {
		if math.Abs(m.Beta[j]-pois.Beta[j]) > 1e-12 {
			t.Errorf("%s: NB %.6f differs from Poisson %.6f", m.Names[j], m.Beta[j], pois.Beta[j])
		}
	}
}

func TestFitRefusesSingularDesigns(t *testing.T) {
	days := Days(day0, 60)
	twice := make([]float64, len(days))
	for i, d := range days {
		if d.Weekday() == time.Saturday {
			twice[i] = 2
		}
	}
	y := make([]float64, len(days))
	for i := range y {
		y[i] = float64(5 + i%3)
	}
	cases := []struct {
		name, column string
		spec         Spec
	}{
		{"a column equal to a weekday dummy", "saturday_twice", Spec{Weekdays: true, Columns: []Column{{Name: "saturday_twice", Value: ByDay(days, twice)}}}},
		{"a column that is always zero", "snow", Spec{Columns: []Column{{Name: "snow", Value: ByDay(days, make([]float64, len(days)))}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := c.spec.Build(days)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Fit(NegBinomial, d, y)
			mustInvalid(t, err, c.name)
			if !strings.Contains(err.Error(), c.column) {
				t.Errorf("error %q should name column %q", err, c.column)
			}
		})
	}
}

func TestFitRefusesBadCounts(t *testing.T) {
	d, _ := Spec{}.Build(Days(day0, 4))
	for _, y := range [][]float64{{1, 2, -1, 3}, {1, 2, math.NaN(), 3}, {1, 2.5, 1, 3}, {1, 2, 3}} {
		_, err := Fit(Poisson, d, y)
		mustInvalid(t, err, "counts")
	}
	_, err := Fit(Family(9), d, []float64{1, 2, 3, 4})
	mustInvalid(t, err, "family")
}

func TestAllZeroCountsGiveFiniteFitsAndZeroForecasts(t *testing.T) {
	days := Days(day0, 800)
	spec := Spec{Weekdays: true, Harmonics: 2, TrendFrom: day0}
	d, _ := spec.Build(days)
	future, _ := spec.Build(Days(days[len(days)-1].AddDate(0, 0, 1), 14))
	for _, fam := range []Family{Poisson, NegBinomial} {
		m, err := Fit(fam, d, make([]float64, len(days)))
		if err != nil {
			t.Fatalf("%s: %v", fam, err)
		}
		for _, c := range m.Coefficients() {
			assertFinite(t, c.Name, c.Estimate, c.SE, c.Z, c.P, c.Lo95, c.Hi95)
		}
		assertFinite(t, "fit", m.LogLik, m.Deviance, m.AIC, m.Alpha)
		fc, err := m.Forecast(future)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fc {
			assertFinite(t, "forecast", f.Mean, f.Lo95, f.Hi95)
			if f.Hi95 != 0 || f.Mean > 1e-6 {
				t.Errorf("%s: forecast %+v after only zeros, want zero", fam, f)
			}
		}
	}
}

func TestNegativeBinomialFitIsALikelihoodMaximum(t *testing.T) {
	spec, days, y, _ := simulateFrost(19, 0.3)
	d, _ := spec.Build(days)
	m, err := Fit(NegBinomial, d, y)
	if err != nil {
		t.Fatal(err)
	}
	ll := func(beta []float64, alpha float64) float64 {
		mu, _ := (&Model{Names: m.Names, Beta: beta}).Mean(d)
		return logLik(y, mu, alpha)
	}
	best := ll(m.Beta, m.Alpha)
	if math.Abs(best-m.LogLik) > 1e-9*math.Abs(best) {
		t.Fatalf("reported log-likelihood %.6f, recomputed %.6f", m.LogLik, best)
	}
	for j := range m.Beta {
		for _, step := range []float64{-1e-3, 1e-3} {
			beta := append([]float64(nil), m.Beta...)
			beta[j] += step
			if got := ll(beta, m.Alpha); got >= best {
				t.Errorf("moving %s by %v raises the log-likelihood: %.8f ≥ %.8f", m.Names[j], step, got, best)
			}
		}
	}
	for _, f := range []float64{0.99, 1.01} {
		if got := ll(m.Beta, m.Alpha*f); got >= best {
			t.Errorf("alpha × %v raises the log-likelihood: %.8f ≥ %.8f", f, got, best)
		}
	}
}

func TestForecastsNeedTheModelsColumns(t *testing.T) {
	spec, days, y, _ := simulateFrost(13, 0.2)
	d, _ := spec.Build(days)
	m, err := Fit(NegBinomial, d, y)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := Spec{Weekdays: true}.Build(Days(days[len(days)-1], 7))
	_, err = m.Forecast(other)
	mustInvalid(t, err, "other columns")
}

func TestSimulatedIntervalsAddCoefficientUncertainty(t *testing.T) {
	// Eight weeks of history leave the coefficients uncertain, so intervals
	// that include that uncertainty are wider than those that do not.
	days := Days(day0, 56+14)
	spec := Spec{Weekdays: true}
	mu := seasonalMeans(days, 12, 0, day0)
	y := drawCounts(21, mu, 0.1)
	past, _ := spec.Build(days[:56])
	next, _ := spec.Build(days[56:])
	m, err := Fit(NegBinomial, past, y[:56])
	if err != nil {
		t.Fatal(err)
	}
	plain, err := m.Forecast(next)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := m.ForecastSimulated(next, 4000, 1)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := m.ForecastSimulated(next, 4000, 1)
	wider := 0.0
	for i := range sim {
		if sim[i] != again[i] {
			t.Fatalf("the same seed gave %+v and %+v", sim[i], again[i])
		}
		if sim[i].Mean != plain[i].Mean || !sim[i].Day.Equal(days[56+i]) {
			t.Errorf("day %d: simulated forecast %+v should keep the mean and day of %+v", i, sim[i], plain[i])
		}
		wider += (sim[i].Hi95 - sim[i].Lo95) - (plain[i].Hi95 - plain[i].Lo95)
	}
	if wider <= 0 {
		t.Errorf("simulated 95 %% intervals are not wider in total (difference %v)", wider)
	}
	_, err = m.ForecastSimulated(next, 5, 1)
	mustInvalid(t, err, "too few draws")
}
