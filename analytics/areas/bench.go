package areas

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// BenchOptions shape an area benchmark.
type BenchOptions struct {
	To       time.Time // end of every period; zero: the day after the newest ticket
	Category string    // of the one-category runs; empty: the most frequent in the year before To
	Rounds   int       // runs of each analysis
}

// BenchReport is one analysis timed.
type BenchReport struct {
	Name     string
	Median   time.Duration // analysis and GeoJSON encoding, per run
	Fastest  time.Duration
	Tickets  int   // read or counted
	Features int   // clusters or hexagons
	Bytes    int   // of the GeoJSON
	Err      error // why the analysis gave no answer (too large, too slow), if it did not
}

// Bench times the analyses on the database as it is, the way a request
// runs them (GeoJSON encoding included, HTTP left out).
func Bench(ctx context.Context, pool *pgxpool.Pool, municipality int, opt BenchOptions) ([]BenchReport, error) {
	if opt.Rounds < 1 {
		opt.Rounds = 1
	}
	if err := benchDefaults(ctx, pool, municipality, &opt); err != nil {
		return nil, err
	}
	s := New(pool)
	year, quarter := opt.To.AddDate(-1, 0, 0), opt.To.AddDate(0, -3, 0)
	one := []string{opt.Category}
	runs := []struct {
		name string
		run  func() (FeatureCollection, int, error)
	}{
		{"DBSCAN, " + opt.Category + ", 3 months", clustersRun(ctx, s, municipality, ClusterQuery{Filter: Filter{From: quarter, To: opt.To, Categories: one}})},
		{"DBSCAN, " + opt.Category + ", 1 year", clustersRun(ctx, s, municipality, ClusterQuery{Filter: Filter{From: year, To: opt.To, Categories: one}})},
		{"DBSCAN, every category apart, 3 months", clustersRun(ctx, s, municipality, ClusterQuery{Filter: Filter{From: quarter, To: opt.To}})},
		{"DBSCAN, every category apart, 1 year", clustersRun(ctx, s, municipality, ClusterQuery{Filter: Filter{From: year, To: opt.To}})},
		{"neighbourhood counts, all, 1 year", func() (FeatureCollection, int, error) {
			m, err := s.Neighbourhoods(ctx, municipality, Filter{From: year, To: opt.To})
			return geo(m, err, func() int { return m.Tickets })
		}},
		{"hexagon counts 250 m, all, 1 year", func() (FeatureCollection, int, error) {
			m, err := s.Hexagons(ctx, municipality, HexQuery{Filter: Filter{From: year, To: opt.To}, SizeMetres: 250})
			return geo(m, err, func() int { return m.Tickets })
		}},
		{"Gi* 250 m, all, 1 year", hotspotsRun(ctx, s, municipality, HotspotQuery{HexQuery: HexQuery{Filter: Filter{From: year, To: opt.To}, SizeMetres: 250}})},
		{"Gi* 100 m, all, 1 year", hotspotsRun(ctx, s, municipality, HotspotQuery{HexQuery: HexQuery{Filter: Filter{From: year, To: opt.To}, SizeMetres: 100}})},
		{"Gi* 250 m + 999 permutations, all, 1 year", hotspotsRun(ctx, s, municipality, HotspotQuery{HexQuery: HexQuery{Filter: Filter{From: year, To: opt.To}, SizeMetres: 250}, Perms: 999, Seed: 1})},
		{"emerging 250 m, all, 12 weeks", func() (FeatureCollection, int, error) {
			m, err := s.Emerging(ctx, municipality, EmergingQuery{HexQuery: HexQuery{Filter: Filter{To: opt.To}, SizeMetres: 250}})
			return geo(m, err, func() int { return m.Tickets })
		}},
		{"emerging 250 m, all, 52 weeks", func() (FeatureCollection, int, error) {
			m, err := s.Emerging(ctx, municipality, EmergingQuery{HexQuery: HexQuery{Filter: Filter{From: year, To: opt.To}, SizeMetres: 250}})
			return geo(m, err, func() int { return m.Tickets })
		}},
	}
	var out []BenchReport
	for _, r := range runs {
		rep := BenchReport{Name: r.name}
		times := make([]time.Duration, opt.Rounds)
		for i := range times {
			start := time.Now()
			fc, n, err := r.run()
			if err != nil && ctx.Err() == nil {
				rep.Err = err // a limit the request would hit too: say so, go on
				break
			}
			if err != nil {
				return nil, err
			}
			b, err := json.Marshal(fc)
			if err != nil {
				return nil, err
			}
			times[i] = time.Since(start)
			rep.Tickets, rep.Features, rep.Bytes = n, len(fc.Features), len(b)
		}
		if rep.Err == nil {
			slices.Sort(times)
			rep.Median, rep.Fastest = times[len(times)/2], times[0]
		}
		out = append(out, rep)
	}
	return out, nil
}

// geoJSONer is every answer of the package.
type geoJSONer interface{ GeoJSON() FeatureCollection }

func geo[M geoJSONer](m M, err error, tickets func() int) (FeatureCollection, int, error) {
	if err != nil {
		return FeatureCollection{}, 0, err
	}
	return m.GeoJSON(), tickets(), nil
}

func clustersRun(ctx context.Context, s *Service, municipality int, q ClusterQuery) func() (FeatureCollection, int, error) {
	return func() (FeatureCollection, int, error) {
		m, err := s.Clusters(ctx, municipality, q)
		return geo(m, err, func() int { return m.Tickets })
	}
}

func hotspotsRun(ctx context.Context, s *Service, municipality int, q HotspotQuery) func() (FeatureCollection, int, error) {
	return func() (FeatureCollection, int, error) {
		m, err := s.Hotspots(ctx, municipality, q)
		return geo(m, err, func() int { return m.Tickets })
	}
}

// benchDefaults fills in the newest ticket's next midnight and the year's
// most frequent category.
func benchDefaults(ctx context.Context, pool *pgxpool.Pool, municipality int, opt *BenchOptions) error {
	if opt.To.IsZero() {
		var newest *time.Time
		if err := pool.QueryRow(ctx, `SELECT max(created_at) FROM ticket WHERE municipality_id = $1`, municipality).Scan(&newest); err != nil {
			return err
		}
		if newest == nil {
			return errors.New("the municipality has no tickets to analyse")
		}
		loc := New(pool).zone(ctx, municipality)
		day := newest.In(loc)
		opt.To = time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc)
	}
	if opt.Category == "" {
		err := pool.QueryRow(ctx, `
			SELECT c.code FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
			 WHERE t.municipality_id = $1 AND t.created_at >= $2 AND t.created_at < $3
			 GROUP BY c.code ORDER BY count(*) DESC LIMIT 1`, municipality, opt.To.AddDate(-1, 0, 0), opt.To).Scan(&opt.Category)
		if errors.Is(err, pgx.ErrNoRows) {
			return errors.New("no tickets in the year before the end of the period")
		}
		return err
	}
	return nil
}
