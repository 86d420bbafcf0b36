package countmodel

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"loket/internal/errs"
)

var day0 = time.Date(2022, time.January, 3, 0, 0, 0, 0, time.UTC) // a Monday

// drawCounts draws one count per mean from NB2 with dispersion alpha (or
// Poisson when alpha is 0).
func drawCounts(seed uint64, mu []float64, alpha float64) []float64 {
	src := rand.NewPCG(seed, 1)
	y := make([]float64, len(mu))
	for i, m := range mu {
		y[i] = countDist{mu: m, alpha: alpha}.rand(src)
	}
	return y
}

func mustInvalid(t *testing.T, err error, about string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid {
		t.Fatalf("%s: want an invalid-input error, got %v", about, err)
	}
}

func assertFinite(t *testing.T, what string, xs ...float64) {
	t.Helper()
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("%s[%d] = %v, want a finite number", what, i, x)
		}
	}
}
