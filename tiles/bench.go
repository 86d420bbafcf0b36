package tiles

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// BenchOptions shape a tile benchmark.
type BenchOptions struct {
	MinZoom, MaxZoom int
	TilesPerZoom     int // distinct random tiles over the city at each zoom
	WarmRounds       int // times the warm pass fetches every tile again
	Concurrency      int
	Seed             uint64
}

// ZoomReport is what one zoom measured.
type ZoomReport struct {
	Zoom                         int
	Tiles                        int
	ColdP50, ColdP99             time.Duration
	WarmP50, WarmP99             time.Duration
	MeanBytes, MaxBytes          int // gzip
	ColdPerSecond, WarmPerSecond float64
}

// BenchTiles fetches random tickets tiles over the municipality's bounds
// from baseURL, as a map client does (gzip): every tile once with the
// server's cache empty (cold), then the same tiles again (warm).
func BenchTiles(ctx context.Context, pool *pgxpool.Pool, municipalityID int, baseURL string, opt BenchOptions) ([]ZoomReport, error) {
	var w, s, e, n float64
	err := pool.QueryRow(ctx, `SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)
		FROM (SELECT coalesce(boundary, (SELECT ST_Collect(geom) FROM neighbourhood WHERE municipality_id = $1))::box2d AS b
		      FROM municipality WHERE id = $1) x`, municipalityID).Scan(&w, &s, &e, &n)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 6))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: opt.Concurrency, DisableCompression: true}}
	var out []ZoomReport
	for z := opt.MinZoom; z <= opt.MaxZoom; z++ {
		seen := map[Tile]bool{}
		var paths []string
		for tries := 0; len(paths) < opt.TilesPerZoom && tries < opt.TilesPerZoom*20; tries++ {
			t := At(w+rng.Float64()*(e-w), s+rng.Float64()*(n-s), z)
			if !seen[t] {
				seen[t] = true
				paths = append(paths, fmt.Sprintf("%s/tiles/tickets/%d/%d/%d.mvt", baseURL, t.Z, t.X, t.Y))
			}
		}
		r := ZoomReport{Zoom: z, Tiles: len(paths)}
		cold, sizes, coldTime, err := fetchAll(ctx, client, paths, opt.Concurrency)
		if err != nil {
			return out, err
		}
		var warm []time.Duration
		var warmTime time.Duration
		for range opt.WarmRounds {
			l, _, d, err := fetchAll(ctx, client, paths, opt.Concurrency)
			if err != nil {
				return out, err
			}
			warm, warmTime = append(warm, l...), warmTime+d
		}
		r.ColdP50, r.ColdP99 = percentile(cold, 0.5), percentile(cold, 0.99)
		r.WarmP50, r.WarmP99 = percentile(warm, 0.5), percentile(warm, 0.99)
		r.ColdPerSecond = float64(len(cold)) / coldTime.Seconds()
		r.WarmPerSecond = float64(len(warm)) / warmTime.Seconds()
		for _, b := range sizes {
			r.MeanBytes += b
			r.MaxBytes = max(r.MaxBytes, b)
		}
		r.MeanBytes /= max(1, len(sizes))
		out = append(out, r)
	}
	return out, nil
}

// fetchAll gets every path once with c requests in flight.
func fetchAll(ctx context.Context, client *http.Client, paths []string, c int) ([]time.Duration, []int, time.Duration, error) {
	lat := make([]time.Duration, len(paths))
	size := make([]int, len(paths))
	var next atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(paths) {
					return
				}
				t0 := time.Now()
				n, err := fetch(ctx, client, paths[i])
				lat[i], size[i] = time.Since(t0), n
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return lat, size, time.Since(start), firstErr
}

func fetch(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s", url, res.Status)
	}
	return int(n), err
}

func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}
