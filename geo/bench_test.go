package geo

import (
	"context"
	"strings"
	"testing"
)

// TestBenchOnTheDemoCity logs the accuracy and latency figures; timings are
// reported, never asserted. Accuracy is asserted loosely so a regression in
// matching shows.
func TestBenchOnTheDemoCity(t *testing.T) {
	pool := demoCity(t)
	n := 2000
	if testing.Short() {
		n = 200
	}
	var out strings.Builder
	rep, err := Bench(context.Background(), pool, 1, n, 1, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
	if rep.Clean.Accuracy() < 0.95 || rep.Noisy.Accuracy() < 0.85 {
		t.Errorf("accuracy fell: clean %.3f, noisy %.3f", rep.Clean.Accuracy(), rep.Noisy.Accuracy())
	}
}
