package countmodel

import (
	"math"
	"testing"
)

func TestDispersionAboutFixedMeansRecoversAlpha(t *testing.T) {
	mu := make([]float64, 2000)
	for i := range mu {
		mu[i] = 3 + 20*float64(i%10)/9 // 3 to 23 a day
	}
	for _, alpha := range []float64{0.1, 0.5, 2} {
		got, se := Dispersion(drawCounts(uint64(alpha*10), mu, alpha), mu)
		if math.Abs(math.Log(got/alpha)) > 3*se || se <= 0 || se > 0.2 {
			t.Errorf("alpha %.1f: estimated %.3f (SE of log %.3f)", alpha, got, se)
		}
	}
	if got, _ := Dispersion(drawCounts(4, mu, 0), mu); got > 0.01 {
		t.Errorf("Poisson counts: dispersion %.4f, want about 0", got)
	}
}
