package hotspot

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"loket/internal/errs"
)

// On a map small enough to list every possible neighbourhood, the sampled
// p-value must converge on the exact conditional-permutation p-value; a biased
// or repeating draw would miss it.
func TestPermutationPValuesConvergeOnTheExactOnes(t *testing.T) {
	x := []float64{0, 3, 1, 7, 2, 2, 9, 0, 4, 1}
	g := Graph{{1, 2, 3}, {0}, {0, 3}, {0, 2, 4, 5}, {3}, {3, 6}, {5}, {8}, {7, 9}, {8}}
	const perms = 40_000
	p, err := Permutation(x, g, PermOptions{Perms: perms, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	mean := momentsOf(x).mean
	for i, nbrs := range g {
		k := len(nbrs)
		centre := mean * float64(k+1)
		obs := x[i]
		for _, j := range nbrs {
			obs += x[j]
		}
		others := slices.Delete(slices.Clone(x), i, i+1)
		extreme, total := 0, 0
		eachSubsetSum(others, k, func(sum float64) {
			total++
			if math.Abs(x[i]+sum-centre) >= math.Abs(obs-centre)-1e-9 {
				extreme++
			}
		})
		exact := float64(extreme) / float64(total)
		// Four standard errors of a proportion estimated from 40,000 draws.
		if tol := 4*math.Sqrt(exact*(1-exact)/perms) + 1.0/perms; math.Abs(p[i]-exact) > tol {
			t.Errorf("cell %d: p = %.4f, exact %.4f (%d of %d neighbourhoods)", i, p[i], exact, extreme, total)
		}
	}
}

// eachSubsetSum calls f with the sum of every k-element subset of v.
func eachSubsetSum(v []float64, k int, f func(float64)) {
	var walk func(from, left int, sum float64)
	walk = func(from, left int, sum float64) {
		if left == 0 {
			f(sum)
			return
		}
		for i := from; i <= len(v)-left; i++ {
			walk(i+1, left-1, sum+v[i])
		}
	}
	walk(0, k, 0)
}

func TestPermutationIsReproducibleAndIgnoresGOMAXPROCS(t *testing.T) {
	cells, g := hexMap(t, 30, 30)
	x := poisson(rand.New(rand.NewPCG(5, 5)), len(cells), 2)
	run := func(procs int, seed uint64) []float64 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		p, err := Permutation(x, g, PermOptions{Perms: 199, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	first := run(1, 42)
	for _, procs := range []int{1, 2, 7} {
		if got := run(procs, 42); !slices.Equal(got, first) {
			t.Errorf("with GOMAXPROCS=%d the p-values differ from the first run", procs)
		}
	}
	if slices.Equal(run(2, 43), first) {
		t.Error("another seed gave the very same p-values")
	}
}

func TestACellWithoutNeighboursCannotBeSignificant(t *testing.T) {
	p, err := Permutation([]float64{50, 1, 2, 1}, Graph{{}, {2}, {1, 3}, {2}}, PermOptions{Perms: 99, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p[0] != 1 {
		t.Errorf("isolated cell: p = %g, want 1", p[0])
	}
}

func TestPermutationRefusesAnUnreasonableNumberOfPermutations(t *testing.T) {
	for _, perms := range []int{0, -5, 1_000_000} {
		_, err := Permutation([]float64{1, 2, 3}, Graph{{1}, {0, 2}, {1}}, PermOptions{Perms: perms})
		if errs.KindOf(err) != errs.Invalid {
			t.Errorf("perms %d: got %v, want an invalid-input error", perms, err)
		}
	}
}

// BenchmarkPermutation10k is the size of a city in small hexagons: 10,000
// cells, 999 permutations each.
func BenchmarkPermutation10k(b *testing.B) {
	cells, g := hexMap(b, 100, 100)
	x := poisson(rand.New(rand.NewPCG(1, 1)), len(cells), 3)
	for b.Loop() {
		if _, err := Permutation(x, g, PermOptions{Perms: DefaultPerms, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
