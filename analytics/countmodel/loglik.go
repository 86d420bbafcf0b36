package countmodel

import "math"

// logLik is the full log-likelihood of counts y with means mu (NB2 with
// dispersion alpha, or Poisson when alpha is 0).
func logLik(y, mu []float64, alpha float64) float64 {
	ll := 0.0
	if alpha < minAlpha {
		for i, v := range y {
			lf, _ := math.Lgamma(v + 1)
			ll += v*math.Log(mu[i]) - mu[i] - lf
		}
		return ll
	}
	r := 1 / alpha
	lgr, _ := math.Lgamma(r)
	for i, v := range y {
		lyr, _ := math.Lgamma(v + r)
		lf, _ := math.Lgamma(v + 1)
		ll += lyr - lgr - lf - r*math.Log1p(alpha*mu[i])
		if v > 0 {
			ll += v * math.Log(alpha*mu[i]/(1+alpha*mu[i]))
		}
	}
	return ll
}
