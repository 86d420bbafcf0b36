package hotspot

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"loket/internal/errs"
)

// DefaultPerms is the customary number of permutations: the smallest p-value
// it can give is 1/1000.
const DefaultPerms = 999

// maxPerms bounds the work one request can ask for (n × perms × k draws).
const maxPerms = 99_999

// PermOptions configures conditional-permutation inference.
type PermOptions struct {
	Perms int    // permutations per cell, 1..99,999 (999 is customary)
	Seed  uint64 // the same seed gives the same p-values on any machine
}

// Permutation returns a two-sided pseudo p-value for every cell's Gi*:
//
//	p_i = (1 + #{|Gi*_sim| ≥ |Gi*_obs|}) / (1 + perms)
//
// Each permutation keeps cell i's own count and draws its k_i neighbour counts
// at random, without replacement, from the other n−1 cells (conditional
// randomisation). Cells run in parallel over GOMAXPROCS, but every cell draws
// from its own generator seeded by (Seed, cell), so the answer never depends
// on scheduling or on the number of processors.
//
// A cell without neighbours gets p = 1: no permutation can move its statistic.
func Permutation(x []float64, g Graph, opt PermOptions) ([]float64, error) {
	if opt.Perms < 1 || opt.Perms > maxPerms {
		return nil, errs.E(errs.Invalid, "the number of permutations must be between 1 and %d, got %d", maxPerms, opt.Perms)
	}
	if err := checkCounts(x); err != nil {
		return nil, err
	}
	if err := g.validate(len(x)); err != nil {
		return nil, err
	}
	mean := momentsOf(x).mean
	p := make([]float64, len(x))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(x)) {
		wg.Go(func() {
			d := newDrawer(x, mean, opt.Seed)
			for {
				start := int(next.Add(cellsPerBatch)) - cellsPerBatch
				if start >= len(x) {
					return
				}
				for i := start; i < min(start+cellsPerBatch, len(x)); i++ {
					p[i] = d.pValue(i, g[i], opt.Perms)
				}
			}
		})
	}
	wg.Wait()
	return p, nil
}

// cellsPerBatch keeps the shared counter cold while leaving enough batches to
// balance uneven neighbourhoods across workers.
const cellsPerBatch = 32

// drawer is one worker's scratch space.
type drawer struct {
	x    []float64
	mean float64
	seed uint64
	pcg  *rand.PCG
	mark []uint32 // mark[t] == gen: pool slot t was drawn in the current draw
	gen  uint32
}

func newDrawer(x []float64, mean float64, seed uint64) *drawer {
	pcg := rand.NewPCG(0, 0)
	return &drawer{x: x, mean: mean, seed: seed, pcg: pcg, mark: make([]uint32, len(x))}
}

// pValue runs perms conditional permutations for cell i.
func (d *drawer) pValue(i int, nbrs []int, perms int) float64 {
	k := len(nbrs)
	if k == 0 {
		return 1
	}
	// Gi* is an increasing affine function of the neighbourhood sum, so
	// comparing |sum − X̄·(k+1)| is comparing |Gi*| without the square roots.
	centre := d.mean * float64(k+1)
	obs := d.x[i]
	for _, j := range nbrs {
		obs += d.x[j]
	}
	dev := math.Abs(obs - centre)
	// Sums that tie in exact arithmetic may differ in the last bits; count
	// them as "as extreme", which keeps the p-value on the safe side.
	dev -= 1e-9 * (math.Abs(obs) + math.Abs(centre) + 1)

	d.pcg.Seed(d.seed, mix(uint64(i)))
	extreme := 0
	for range perms {
		if math.Abs(d.x[i]+d.drawSum(i, k)-centre) >= dev {
			extreme++
		}
	}
	return float64(1+extreme) / float64(1+perms)
}

// drawSum adds k counts drawn without replacement from every cell but i.
// Floyd's algorithm touches only k slots, so a draw costs O(k) whatever n is.
// The pool has n−1 slots: slot t holds cell t, except that slot i holds the
// last cell, a swap that is rarely hit and so costs the CPU no mispredictions.
func (d *drawer) drawSum(i, k int) float64 {
	d.gen++
	if d.gen == 0 { // wrapped: old marks could pass for new ones
		clear(d.mark)
		d.gen = 1
	}
	m := len(d.x) - 1
	var sum float64
	for j := m - k; j < m; j++ {
		t := d.below(j + 1)
		if d.mark[t] == d.gen {
			t = j
		}
		d.mark[t] = d.gen
		if t == i {
			t = m
		}
		sum += d.x[t]
	}
	return sum
}

// below returns a uniform integer in [0, n) with Lemire's multiply-and-reject,
// calling the generator directly: through rand.Rand's interface the call
// alone cost a third of the time.
func (d *drawer) below(n int) int {
	un := uint64(n)
	hi, lo := bits.Mul64(d.pcg.Uint64(), un)
	if lo < un {
		for thresh := -un % un; lo < thresh; {
			hi, lo = bits.Mul64(d.pcg.Uint64(), un)
		}
	}
	return int(hi)
}

// mix spreads cell indices over the generator's stream space (SplitMix64's
// finaliser), so neighbouring cells do not start from neighbouring states.
func mix(v uint64) uint64 {
	v += 0x9e3779b97f4a7c15
	v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9
	v = (v ^ (v >> 27)) * 0x94d049bb133111eb
	return v ^ (v >> 31)
}
