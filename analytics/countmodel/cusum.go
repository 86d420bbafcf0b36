package countmodel

import "math"

// cusum is a one-sided upper CUSUM on standardized residuals: it adds
// each day's residual less an allowance k and raises an alarm once the sum
// passes h. Residuals are capped at clip so that one extreme day (a spike,
// reported on its own) cannot raise a drift alarm by itself.
type cusum struct {
	k, h, clip float64
}

// cusumAlarm marks a day on which the CUSUM is above its threshold, and
// the first day of the run of excess that led there.
type cusumAlarm struct {
	day, onset int
}

// run returns an alarm for every day the sum is above the threshold. The
// sum is not reset after an alarm: a drift that goes on keeps alarming,
// and its run, and so its evidence, keeps growing.
func (c cusum) run(z []float64) []cusumAlarm {
	var alarms []cusumAlarm
	s, onset := 0.0, 0
	for i, v := range z {
		if s == 0 {
			onset = i
		}
		s = math.Max(0, s+math.Max(-c.clip, math.Min(v, c.clip))-c.k)
		if s > c.h {
			alarms = append(alarms, cusumAlarm{day: i, onset: onset})
		}
	}
	return alarms
}

// standardized is the Pearson residual of count y under mean mu and
// dispersion alpha, kept finite when the mean is (nearly) zero.
func standardized(y, mu, alpha float64) float64 {
	sd := math.Sqrt(mu + alpha*mu*mu)
	return (y - mu) / math.Max(sd, 1e-9)
}
