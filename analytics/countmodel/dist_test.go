package countmodel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// nbPMF sums nothing clever: the NB2 probability of k straight from its
// definition, as an independent check on the incomplete-beta forms.
func nbPMF(k, mu, alpha float64) float64 {
	r := 1 / alpha
	a, _ := math.Lgamma(k + r)
	b, _ := math.Lgamma(r)
	c, _ := math.Lgamma(k + 1)
	return math.Exp(a - b - c + r*math.Log(r/(r+mu)) + k*math.Log(mu/(r+mu)))
}

func poissonPMF(k, mu float64) float64 {
	c, _ := math.Lgamma(k + 1)
	return math.Exp(k*math.Log(mu) - mu - c)
}

func TestCountDistMatchesSummedProbabilities(t *testing.T) {
	for _, d := range []countDist{{mu: 3, alpha: 0.5}, {mu: 25, alpha: 0.2}, {mu: 40, alpha: 0}, {mu: 0.7, alpha: 0}, {mu: 120, alpha: 0.05}} {
		pmf := func(k float64) float64 {
			if d.alpha == 0 {
				return poissonPMF(k, d.mu)
			}
			return nbPMF(k, d.mu, d.alpha)
		}
		cum := 0.0
		q10, q975 := -1.0, -1.0
		for k := 0.0; k < d.mu*6+30; k++ {
			if got := d.upperTail(k); math.Abs(got-(1-cum)) > 1e-9 {
				t.Fatalf("%+v: P(Y ≥ %v) = %.12f, summed %.12f", d, k, got, 1-cum)
			}
			cum += pmf(k)
			if got := d.cdf(k); math.Abs(got-cum) > 1e-9 {
				t.Fatalf("%+v: P(Y ≤ %v) = %.12f, summed %.12f", d, k, got, cum)
			}
			if q10 < 0 && cum >= 0.10 {
				q10 = k
			}
			if q975 < 0 && cum >= 0.975 {
				q975 = k
			}
		}
		if got := d.quantile(0.10); got != q10 {
			t.Errorf("%+v: 10 %% quantile %v, summed %v", d, got, q10)
		}
		if got := d.quantile(0.975); got != q975 {
			t.Errorf("%+v: 97.5 %% quantile %v, summed %v", d, got, q975)
		}
	}
}

func TestUpperTailKeepsTinyProbabilities(t *testing.T) {
	d := countDist{mu: 20, alpha: 0.05}
	p := d.upperTail(120)
	if !(p > 0 && p < 1e-12) {
		t.Fatalf("P(Y ≥ 120 | mean 20) = %v, want a tiny positive number", p)
	}
	want := 0.0
	for k := 120.0; k < 1000; k++ {
		want += nbPMF(k, 20, 0.05)
	}
	if math.Abs(p-want) > 1e-9*want {
		t.Errorf("tail %v, summed %v", p, want)
	}
}

func TestCountDistDrawsHaveTheRightMeanAndVariance(t *testing.T) {
	src := rand.NewPCG(5, 6)
	for _, d := range []countDist{{mu: 20, alpha: 0.2}, {mu: 4, alpha: 0}} {
		const n = 200_000
		var sum, sq float64
		for range n {
			y := d.rand(src)
			sum += y
			sq += y * y
		}
		mean := sum / n
		variance := sq/n - mean*mean
		wantVar := d.mu + d.alpha*d.mu*d.mu
		if math.Abs(mean-d.mu) > 4*math.Sqrt(wantVar/n) {
			t.Errorf("%+v: mean of draws %.3f", d, mean)
		}
		if math.Abs(variance-wantVar)/wantVar > 0.03 {
			t.Errorf("%+v: variance of draws %.3f, want %.3f", d, variance, wantVar)
		}
	}
}
