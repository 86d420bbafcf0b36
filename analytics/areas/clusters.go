package areas

import (
	"context"
	"encoding/json"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// ClusterQuery asks for DBSCAN clusters of tickets.
type ClusterQuery struct {
	Filter
	// EpsMetres and MinPoints override every category's defaults (see
	// spreadDefaults); 0 keeps them.
	EpsMetres float64
	MinPoints int
	// Together clusters the chosen categories' tickets as one population
	// (a street with both litter and rats is one cluster) instead of each
	// category on its own; without overrides it takes the area defaults.
	Together bool
}

// Cluster is one DBSCAN cluster (noise is left out).
type Cluster struct {
	ID            int             `json:"id"`                 // 1 for the largest
	Category      string          `json:"category,omitempty"` // empty when clustered together
	Tickets       int             `json:"tickets"`
	Categories    []CategoryCount `json:"categories"` // most tickets first
	Centroid      [2]float64      `json:"centroid"`   // lon, lat
	Neighbourhood *Place          `json:"neighbourhood"`
	FirstSeen     time.Time       `json:"first_seen"`
	LastSeen      time.Time       `json:"last_seen"`
	EpsMetres     float64         `json:"eps_m"`
	MinPoints     int             `json:"min_points"`
	hull          json.RawMessage
}

// CategoryCount is how many tickets of a category a cluster holds.
type CategoryCount struct {
	Code    string `json:"code"`
	Tickets int    `json:"tickets"`
}

// Place names the neighbourhood a cluster's centroid lies in.
type Place struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// ClusterMap is the answer of Clusters.
type ClusterMap struct {
	Period
	Tickets   int       `json:"tickets"`   // read (placed on the map)
	Clustered int       `json:"clustered"` // of which in a cluster
	Clusters  []Cluster `json:"-"`
}

// defaultClusterDays is the period of clusters when none is given: a
// cluster is a recent pile-up, not a year's density.
const defaultClusterDays = 90

// Clusters finds DBSCAN clusters (ST_ClusterDBSCAN, distances in metres in
// the local system) among the tickets placed on the map.
func (s *Service) Clusters(ctx context.Context, municipality int, q ClusterQuery) (*ClusterMap, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	f, err := q.Filter.withPeriod(s.now(), defaultClusterDays)
	if err != nil {
		return nil, err
	}
	out := &ClusterMap{Period: Period{f.From, f.To}}
	err = s.read(ctx, func(tx pgx.Tx) error {
		sc, err := resolve(ctx, tx, municipality, f)
		if err != nil {
			return err
		}
		all, err := loadCategories(ctx, tx, municipality)
		if err != nil {
			return err
		}
		chosen := sc.categories
		if chosen == nil {
			chosen = all
		}
		parts := q.partitions(chosen)
		return s.cluster(ctx, tx, sc, parts, all, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// maxEpsMetres is far beyond any neighbourhood: wider, DBSCAN only finds
// the town itself.
const maxEpsMetres = 5000

func (q ClusterQuery) check() error {
	switch {
	case q.EpsMetres < 0 || q.EpsMetres > maxEpsMetres || math.IsNaN(q.EpsMetres):
		return errs.E(errs.Invalid, "eps must be more than 0 and at most %d metres", maxEpsMetres)
	case q.MinPoints != 0 && (q.MinPoints < 2 || q.MinPoints > 10_000):
		return errs.E(errs.Invalid, "min_points must be 2 to 10000")
	}
	return nil
}

// partition is a set of tickets clustered on their own with one dbscan.
type partition struct {
	id         int // the category's id, or 0 when clustered together
	categories []category
	params     dbscan
}

func (q ClusterQuery) partitions(chosen []category) []partition {
	override := func(d dbscan) dbscan {
		if q.EpsMetres > 0 {
			d.EpsMetres = q.EpsMetres
		}
		if q.MinPoints > 0 {
			d.MinPoints = q.MinPoints
		}
		return d
	}
	if q.Together {
		return []partition{{id: 0, categories: chosen, params: override(spreadDefaults[areaSpread])}}
	}
	parts := make([]partition, len(chosen))
	for i, c := range chosen {
		parts[i] = partition{id: c.id, categories: []category{c}, params: override(defaultDBSCAN(c))}
	}
	return parts
}
