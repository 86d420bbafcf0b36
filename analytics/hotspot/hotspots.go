package hotspot

// Options configures Hotspots.
type Options struct {
	// Perms is the number of conditional permutations per cell; 0 takes
	// p-values from the normal approximation instead. Permutation p-values
	// cannot go below 1/(Perms+1), and Benjamini–Hochberg over n cells needs
	// the smallest near q/n, so on large maps only analytic p-values (or far
	// more permutations) can single out a small hot spot.
	Perms int
	Seed  uint64  // seeds the permutations
	Q     float64 // false discovery rate; 0 means 0.05
}

// DefaultQ is the false discovery rate used when Options.Q is 0.
const DefaultQ = 0.05

// Hotspots runs the whole analysis for one map: Gi* z-scores, p-values
// (permutation or normal), Benjamini–Hochberg correction and bins.
func Hotspots(x []float64, g Graph, opt Options) ([]Result, error) {
	z, err := GiStar(x, g)
	if err != nil {
		return nil, err
	}
	p := NormalP(z)
	if opt.Perms != 0 {
		if p, err = Permutation(x, g, PermOptions{Perms: opt.Perms, Seed: opt.Seed}); err != nil {
			return nil, err
		}
	}
	q := opt.Q
	if q == 0 {
		q = DefaultQ
	}
	return Classify(z, p, q)
}
