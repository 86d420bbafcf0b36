package areas

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"loket/analytics/hotspot"
	"loket/internal/errs"
)

// EmergingQuery asks for emerging hot spots: Gi* week by week, then each
// hexagon's run of weeks classified like ArcGIS's Emerging Hot Spot
// Analysis (new, consecutive, intensifying, persistent, … hot or cold).
type EmergingQuery struct {
	HexQuery           // From: zero means 12 weeks back from To
	Q          float64 // false discovery rate within each week; 0 means 0.05
	TrendAlpha float64 // Mann–Kendall significance; 0 means 0.05
}

// EmergingCell is one hexagon's history.
type EmergingCell struct {
	I         int     `json:"i"`
	J         int     `json:"j"`
	Tickets   int     `json:"tickets"` // over all weeks
	Pattern   string  `json:"pattern"`
	HotWeeks  int     `json:"hot_weeks"`
	ColdWeeks int     `json:"cold_weeks"`
	LastZ     float64 `json:"last_z"`   // Gi* of the latest week
	LastBin   int     `json:"last_bin"` // its bin
	shape     json.RawMessage
}

// EmergingMap is the answer of Emerging.
type EmergingMap struct {
	Period
	Weeks      int            `json:"weeks"`
	SizeMetres float64        `json:"size_m"`
	Q          float64        `json:"q"`
	TrendAlpha float64        `json:"trend_alpha"`
	Tickets    int            `json:"tickets"`
	Outside    int            `json:"tickets_outside"`
	Patterns   map[string]int `json:"patterns"` // hexagons per pattern
	Cells      []EmergingCell `json:"-"`
}

// Emerging classifies every hexagon of the study area by its weekly Gi*
// hot and cold spots.
func (s *Service) Emerging(ctx context.Context, municipality int, q EmergingQuery) (*EmergingMap, error) {
	if q.To.IsZero() {
		q.To = s.now()
	}
	bounds, err := weekBounds(q.From, q.To, s.zone(ctx, municipality))
	if err != nil {
		return nil, err
	}
	q.From = bounds[0]
	hq, err := q.HexQuery.withDefaults(s.now())
	if err != nil {
		return nil, err
	}
	if q.Q, err = checkQ(q.Q); err != nil {
		return nil, err
	}
	if q.TrendAlpha == 0 {
		q.TrendAlpha = hotspot.DefaultTrendAlpha
	}
	if !(q.TrendAlpha > 0 && q.TrendAlpha < 0.5) {
		return nil, errs.E(errs.Invalid, "trend_alpha must lie between 0 and 0.5, got %g", q.TrendAlpha)
	}
	weeks := len(bounds) - 1
	out := &EmergingMap{Period: Period{hq.From, hq.To}, Weeks: weeks, SizeMetres: hq.SizeMetres, Q: q.Q,
		TrendAlpha: q.TrendAlpha, Patterns: map[string]int{}}
	var m *hexMap
	var counts [][]int // [week][cell], oldest week first
	err = s.read(ctx, func(tx pgx.Tx) error {
		sc, err := resolve(ctx, tx, municipality, hq.Filter)
		if err != nil {
			return err
		}
		if m, err = newHexMap(ctx, tx, sc, hq.SizeMetres, s.limits.MaxCells); err != nil {
			return err
		}
		if n := len(m.hexes) * weeks; n > s.limits.MaxCellWeeks {
			return tooLarge("%d hexagons over %d weeks is more than %d cell-weeks: choose larger hexagons, fewer weeks or one neighbourhood",
				len(m.hexes), weeks, s.limits.MaxCellWeeks)
		}
		counts, out.Outside, err = m.binWeeks(ctx, tx, sc, bounds)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, out.classify(m, counts)
}

// classify runs Gi* on every week and the emerging patterns over them.
func (out *EmergingMap) classify(m *hexMap, counts [][]int) error {
	g, err := hotspot.HexGraph(m.hexes)
	if err != nil {
		return err
	}
	slices := make([][]hotspot.Result, len(counts))
	for w, c := range counts {
		if slices[w], err = hotspot.Hotspots(floats(c), g, hotspot.Options{Q: out.Q}); err != nil {
			return err
		}
	}
	patterns, err := hotspot.Emerging(slices, out.TrendAlpha)
	if err != nil {
		return err
	}
	last := slices[len(slices)-1]
	for i, h := range m.hexes {
		c := EmergingCell{I: h.I, J: h.J, Pattern: patterns[i].String(), LastZ: last[i].Z, LastBin: last[i].Bin, shape: m.shape[i]}
		for w := range slices {
			c.Tickets += counts[w][i]
			if slices[w][i].Hot() {
				c.HotWeeks++
			} else if slices[w][i].Cold() {
				c.ColdWeeks++
			}
		}
		out.Tickets += c.Tickets
		out.Patterns[c.Pattern]++
		out.Cells = append(out.Cells, c)
	}
	return nil
}

// GeoJSON returns the hexagons with their patterns.
func (m *EmergingMap) GeoJSON() FeatureCollection {
	return collect(m, len(m.Cells), func(i int) (json.RawMessage, any) {
		return m.Cells[i].shape, m.Cells[i]
	})
}
