package hotspot

import (
	"math"
	"slices"
)

// Trend is the outcome of a Mann–Kendall test.
type Trend struct {
	S   int     // Σ_{i<j} sign(x_j − x_i): pairs going up minus pairs going down
	Var float64 // variance of S under "no trend", corrected for ties
	Z   float64 // normal score of S with continuity correction
	P   float64 // two-sided p-value of Z
	Tau float64 // Kendall's tau: S over the number of pairs
}

// MannKendall tests a series (oldest first) for a monotonic trend:
//
//	Var(S) = (n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)) / 18   (t: size of each tie group)
//	Z = (S−1)/√Var if S > 0, (S+1)/√Var if S < 0, 0 otherwise
//	p = 2(1 − Φ(|Z|))
//
// A series too short or too flat to say anything gives Z = 0 and P = 1.
func MannKendall(series []float64) Trend {
	n := len(series)
	s := 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			switch {
			case series[j] > series[i]:
				s++
			case series[j] < series[i]:
				s--
			}
		}
	}
	fn := float64(n)
	v := fn*(fn-1)*(2*fn+5) - tieTerm(series)
	v /= 18
	t := Trend{S: s, Var: v, P: 1}
	if n >= 2 {
		t.Tau = float64(s) / (fn * (fn - 1) / 2)
	}
	if v <= 0 || s == 0 {
		return t
	}
	if s > 0 {
		t.Z = float64(s-1) / math.Sqrt(v)
	} else {
		t.Z = float64(s+1) / math.Sqrt(v)
	}
	t.P = math.Erfc(math.Abs(t.Z) / math.Sqrt2)
	return t
}

// tieTerm is Σ t(t−1)(2t+5) over groups of equal values.
func tieTerm(series []float64) float64 {
	sorted := slices.Clone(series)
	slices.Sort(sorted)
	var sum float64
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		t := float64(j - i)
		sum += t * (t - 1) * (2*t + 5)
		i = j
	}
	return sum
}
