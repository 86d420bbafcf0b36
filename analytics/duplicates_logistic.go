package analytics

import (
	"cmp"
	"errors"
	"math"
	"slices"
)

// fitLogistic finds the weights that maximise the log-likelihood of y
// given the rows of x, less lambda/2 times the squared weights (all but
// the first, the intercept), by Newton's method: iteratively reweighted
// least squares. The penalty keeps a feature that never varies (no
// reporters in a register) at weight 0 instead of making the system
// singular.
func fitLogistic(x [][]float64, y []bool, lambda float64) ([]float64, error) {
	if len(x) == 0 || len(x) != len(y) {
		return nil, errors.New("logistic regression: no rows, or rows and labels differ in number")
	}
	d := len(x[0])
	w := make([]float64, d)
	for range 100 {
		grad, hess := make([]float64, d), make([]float64, d*d)
		for i, xi := range x {
			p := sigmoid(dot(w, xi))
			r, s := bit(y[i])-p, p*(1-p)
			for a := range d {
				grad[a] += r * xi[a]
				for b := a; b < d; b++ {
					hess[a*d+b] += s * xi[a] * xi[b]
				}
			}
		}
		for a := range d {
			for b := range a {
				hess[a*d+b] = hess[b*d+a]
			}
			if a > 0 {
				hess[a*d+a] += lambda
				grad[a] -= lambda * w[a]
			} else {
				hess[0] += 1e-9 // a constant label still leaves a solvable system
			}
		}
		step, err := solveCholesky(hess, grad, d)
		if err != nil {
			return nil, err
		}
		largest := 0.0
		for a := range d {
			w[a] += step[a]
			largest = max(largest, math.Abs(step[a]))
		}
		if largest < 1e-10 {
			return w, nil
		}
	}
	return w, nil
}

// solveCholesky solves a x = b for a symmetric positive definite d×d
// matrix (row-major).
func solveCholesky(a, b []float64, d int) ([]float64, error) {
	l := make([]float64, d*d)
	for i := range d {
		for j := 0; j <= i; j++ {
			s := a[i*d+j]
			for k := range j {
				s -= l[i*d+k] * l[j*d+k]
			}
			if i == j {
				if s <= 0 {
					return nil, errors.New("logistic regression: the system is not positive definite")
				}
				l[i*d+i] = math.Sqrt(s)
			} else {
				l[i*d+j] = s / l[j*d+j]
			}
		}
	}
	z := make([]float64, d)
	for i := range d {
		s := b[i]
		for k := range i {
			s -= l[i*d+k] * z[k]
		}
		z[i] = s / l[i*d+i]
	}
	x := make([]float64, d)
	for i := d - 1; i >= 0; i-- {
		s := z[i]
		for k := i + 1; k < d; k++ {
			s -= l[k*d+i] * x[k]
		}
		x[i] = s / l[i*d+i]
	}
	return x, nil
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// bestThreshold is the score from which calling a case positive gives the
// best F1 against truth, and that F1.
func bestThreshold(scores []float64, truth []bool) (threshold, f1 float64) {
	order := make([]int, len(scores))
	positives := 0
	for i := range order {
		order[i] = i
		if truth[i] {
			positives++
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	threshold, tp := 0.5, 0
	for n, i := range order {
		if truth[i] {
			tp++
		}
		// Only between distinct scores: ties are called together.
		if n+1 < len(order) && scores[order[n+1]] == scores[i] {
			continue
		}
		if f := 2 * float64(tp) / float64(n+1+positives); f > f1 && scores[i] > 0 {
			threshold, f1 = scores[i], f
		}
	}
	return threshold, f1
}
