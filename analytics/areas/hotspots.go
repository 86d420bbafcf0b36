package areas

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"loket/analytics/hotspot"
	"loket/internal/errs"
)

// HotspotQuery asks for Gi* hot and cold spots over hexagon counts.
type HotspotQuery struct {
	HexQuery
	Q float64 // false discovery rate of Benjamini–Hochberg; 0 means 0.05
	// Perms > 0 adds conditional-permutation pseudo p-values (999 is
	// customary) beside the analytic ones; they do not decide the bins
	// (see the package comment). Seed makes them repeatable.
	Perms int
	Seed  uint64
}

// HotCell is one hexagon's verdict.
type HotCell struct {
	I           int      `json:"i"`
	J           int      `json:"j"`
	Tickets     int      `json:"tickets"`
	Z           float64  `json:"z"`          // Gi* z-score
	P           float64  `json:"p"`          // two-sided, normal approximation
	Adjusted    float64  `json:"p_adjusted"` // Benjamini–Hochberg
	Bin         int      `json:"bin"`        // ±3, ±2, ±1: hot (+) or cold (−) at 99, 95, 90 % after correction
	Significant bool     `json:"significant"`
	PermP       *float64 `json:"p_permutation,omitempty"`
	shape       json.RawMessage
}

// HotspotMap is the answer of Hotspots.
type HotspotMap struct {
	Period
	SizeMetres float64   `json:"size_m"`
	Q          float64   `json:"q"`
	Perms      int       `json:"perms"`
	Tickets    int       `json:"tickets"`
	Outside    int       `json:"tickets_outside"`
	Hot        int       `json:"hot"`  // significant hot hexagons
	Cold       int       `json:"cold"` // significant cold hexagons
	Cells      []HotCell `json:"-"`
}

const maxPerms = 9999

// Hotspots runs Getis-Ord Gi* over the ticket counts of every hexagon of
// the study area (zeros included) with each hexagon's six neighbours,
// and corrects the p-values with Benjamini–Hochberg.
func (s *Service) Hotspots(ctx context.Context, municipality int, q HotspotQuery) (*HotspotMap, error) {
	hq, err := q.HexQuery.withDefaults(s.now())
	if err != nil {
		return nil, err
	}
	if q.Q, err = checkQ(q.Q); err != nil {
		return nil, err
	}
	if q.Perms < 0 || q.Perms > maxPerms {
		return nil, errs.E(errs.Invalid, "perms must be 0 to %d", maxPerms)
	}
	out := &HotspotMap{Period: Period{hq.From, hq.To}, SizeMetres: hq.SizeMetres, Q: q.Q, Perms: q.Perms}
	var m *hexMap
	var counts []int
	err = s.read(ctx, func(tx pgx.Tx) error {
		sc, err := resolve(ctx, tx, municipality, hq.Filter)
		if err != nil {
			return err
		}
		if m, err = newHexMap(ctx, tx, sc, hq.SizeMetres, s.limits.MaxCells); err != nil {
			return err
		}
		counts, out.Outside, err = m.binTickets(ctx, tx, sc)
		return err
	})
	if err != nil {
		return nil, err
	}
	if draws := len(m.hexes) * q.Perms; draws > s.limits.MaxPermDraws {
		return nil, tooLarge("%d permutations over %d hexagons is more than %d draws: ask fewer permutations or larger hexagons",
			q.Perms, len(m.hexes), s.limits.MaxPermDraws)
	}
	g, err := hotspot.HexGraph(m.hexes)
	if err != nil {
		return nil, err
	}
	x := floats(counts)
	res, err := hotspot.Hotspots(x, g, hotspot.Options{Q: q.Q})
	if err != nil {
		return nil, err
	}
	var perm []float64
	if q.Perms > 0 {
		if perm, err = hotspot.Permutation(x, g, hotspot.PermOptions{Perms: q.Perms, Seed: q.Seed}); err != nil {
			return nil, err
		}
	}
	for i, r := range res {
		c := HotCell{I: m.hexes[i].I, J: m.hexes[i].J, Tickets: counts[i], Z: r.Z, P: r.P, Adjusted: r.Adjusted,
			Bin: r.Bin, Significant: r.Significant, shape: m.shape[i]}
		if perm != nil {
			c.PermP = &perm[i]
		}
		out.Tickets += counts[i]
		if r.Hot() {
			out.Hot++
		} else if r.Cold() {
			out.Cold++
		}
		out.Cells = append(out.Cells, c)
	}
	return out, nil
}

// checkQ returns the false discovery rate to use.
func checkQ(q float64) (float64, error) {
	if q == 0 {
		return hotspot.DefaultQ, nil
	}
	if !(q > 0 && q < 0.5) {
		return 0, errs.E(errs.Invalid, "q (the false discovery rate) must lie between 0 and 0.5, got %g", q)
	}
	return q, nil
}

func floats(counts []int) []float64 {
	x := make([]float64, len(counts))
	for i, n := range counts {
		x[i] = float64(n)
	}
	return x
}

// GeoJSON returns the hexagons with their verdicts.
func (m *HotspotMap) GeoJSON() FeatureCollection {
	return collect(m, len(m.Cells), func(i int) (json.RawMessage, any) {
		return m.Cells[i].shape, m.Cells[i]
	})
}
