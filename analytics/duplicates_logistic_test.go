package analytics

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestLogisticRegressionRecoversTheWeightsItsDataWasDrawnFrom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	truth := []float64{-1, 2, -1.5, 0}
	var x [][]float64
	var y []bool
	for range 20000 {
		row := []float64{1, rng.NormFloat64(), bit(rng.IntN(2) == 1), 0} // the last never varies
		x, y = append(x, row), append(y, rng.Float64() < sigmoid(dot(truth, row)))
	}
	w, err := fitLogistic(x, y, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range truth {
		if math.Abs(w[i]-truth[i]) > 0.15 {
			t.Errorf("weight %d = %.3f, want %.1f ± 0.15 (all: %.3f)", i, w[i], truth[i], w)
		}
	}
	if w[3] != 0 {
		t.Errorf("a feature that never varies got weight %v, want exactly 0", w[3])
	}
}

func TestCholeskySolvesASymmetricPositiveDefiniteSystem(t *testing.T) {
	a := []float64{4, 2, 0, 2, 5, 1, 0, 1, 3}
	want := []float64{1, -2, 3}
	b := []float64{4*1 + 2*-2, 2*1 + 5*-2 + 3, -2 + 3*3}
	got, err := solveCholesky(a, b, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("x = %v, want %v", got, want)
			break
		}
	}
	if _, err := solveCholesky([]float64{1, 2, 2, 1}, []float64{1, 1}, 2); err == nil {
		t.Error("an indefinite system was solved")
	}
}

func TestTheThresholdIsTheCutWithTheBestF1(t *testing.T) {
	scores := []float64{0.9, 0.2, 0.8, 0.3, 0.7}
	truth := []bool{true, false, true, true, false}
	// Calling the top 1, 2, 3, 4, 5 gives F1 2/4, 4/5, 4/6, 6/7, 6/8.
	threshold, f1 := bestThreshold(scores, truth)
	if threshold != 0.3 || math.Abs(f1-6.0/7) > 1e-12 {
		t.Errorf("threshold %v with F1 %v, want 0.3 with 6/7", threshold, f1)
	}
	// Tied scores are called together: no cut between them.
	threshold, _ = bestThreshold([]float64{0.5, 0.5, 0.1}, []bool{true, false, false})
	if threshold != 0.5 {
		t.Errorf("threshold %v between tied scores, want 0.5", threshold)
	}
}

func TestTheEmbeddedModelScoresCloserSameCategoryOpenCandidatesHigher(t *testing.T) {
	m := EmbeddedModel()
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	base := Features{DistanceM: 20, AgeDays: 1, SameCategory: true, OpenThen: true, CategoryShare: m.Share}
	for name, worse := range map[string]Features{
		"farther":         {DistanceM: 200, AgeDays: 1, SameCategory: true, OpenThen: true, CategoryShare: m.Share},
		"a sibling":       {DistanceM: 20, AgeDays: 1, SameCategory: false, OpenThen: true, CategoryShare: m.Share},
		"closed already":  {DistanceM: 20, AgeDays: 1, SameCategory: true, OpenThen: false, CategoryShare: m.Share},
		"rarely repeated": {DistanceM: 20, AgeDays: 1, SameCategory: true, OpenThen: true, CategoryShare: m.Share / 10},
	} {
		if m.Score(worse) >= m.Score(base) {
			t.Errorf("a candidate %s scores %.3f, not below %.3f", name, m.Score(worse), m.Score(base))
		}
	}
	if m.Pairs == 0 || m.Positives == 0 || m.Fitted == "" || m.Command == "" {
		t.Errorf("the embedded model does not say what it was fitted on and how: %+v", m)
	}
}
