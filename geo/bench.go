package geo

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// BenchReport is the outcome of Bench: top-1 accuracy within HitMetres for
// clean and noisy queries, and the latency of every query.
type BenchReport struct {
	Clean, Noisy  BenchScore
	P50, P95, P99 time.Duration
	Duration      time.Duration
}

// BenchScore counts the queries of one kind whose first candidate lies
// within HitMetres of the truth.
type BenchScore struct {
	Queries, Hits int
}

// Accuracy is Hits / Queries.
func (s BenchScore) Accuracy() float64 {
	if s.Queries == 0 {
		return 0
	}
	return float64(s.Hits) / float64(s.Queries)
}

// HitMetres is how close the first candidate must be to count as right.
const HitMetres = 25

type benchCase struct {
	query, kind string
	noisy       bool
	lon, lat    float64
}

// Bench builds n clean and n noisy queries from municipalityID's address
// register (deterministic for seed), geocodes them one by one and reports
// accuracy and latency; misses and the summary go to out.
func Bench(ctx context.Context, pool *pgxpool.Pool, municipalityID int, n int, seed int64, out io.Writer) (BenchReport, error) {
	var rep BenchReport
	if n < 1 {
		return rep, errs.E(errs.Invalid, "the benchmark needs at least one query")
	}
	reg, err := loadBenchRegister(ctx, pool, municipalityID)
	if err != nil {
		return rep, err
	}
	if len(reg.addrs) == 0 {
		return rep, errs.E(errs.Invalid, "municipality %d has no addresses to benchmark on", municipalityID)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6e0c0de))
	cases := make([]benchCase, 0, 2*n)
	for range n {
		cases = append(cases, reg.clean(rng))
	}
	for i := range n {
		cases = append(cases, reg.noisy(rng, i))
	}
	g := NewGeocoder(pool)
	for _, c := range cases[:min(len(cases), 50)] { // warm the pool and statement cache
		if _, err := g.Geocode(ctx, municipalityID, c.query, 1); err != nil {
			return rep, err
		}
	}
	start := time.Now()
	lat := make([]time.Duration, 0, len(cases))
	misses := 0
	for _, c := range cases {
		t0 := time.Now()
		cs, err := g.Geocode(ctx, municipalityID, c.query, 1)
		lat = append(lat, time.Since(t0))
		if err != nil {
			return rep, err
		}
		hit := len(cs) > 0 && metresBetween(cs[0].Lon, cs[0].Lat, c.lon, c.lat) <= HitMetres
		score := &rep.Clean
		if c.noisy {
			score = &rep.Noisy
		}
		score.Queries++
		if hit {
			score.Hits++
		} else if misses++; misses <= 20 && out != nil {
			got := "nothing"
			if len(cs) > 0 {
				got = fmt.Sprintf("%s %s %s (%s, %.0f m)", cs[0].StreetNL, cs[0].HouseNumber, cs[0].Postcode,
					cs[0].Quality, metresBetween(cs[0].Lon, cs[0].Lat, c.lon, c.lat))
			}
			fmt.Fprintf(out, "miss  %-12s %-50q → %s\n", c.kind, c.query, got)
		}
	}
	rep.Duration = time.Since(start)
	slices.Sort(lat)
	rep.P50, rep.P95, rep.P99 = percentile(lat, 0.50), percentile(lat, 0.95), percentile(lat, 0.99)
	if out != nil {
		fmt.Fprintf(out, "clean  %5d queries  top-1 within %d m: %.2f %%\n", rep.Clean.Queries, HitMetres, 100*rep.Clean.Accuracy())
		fmt.Fprintf(out, "noisy  %5d queries  top-1 within %d m: %.2f %%\n", rep.Noisy.Queries, HitMetres, 100*rep.Noisy.Accuracy())
		fmt.Fprintf(out, "latency p50 %s  p95 %s  p99 %s  (%d queries in %s)\n",
			rep.P50.Round(time.Microsecond), rep.P95.Round(time.Microsecond), rep.P99.Round(time.Microsecond),
			len(cases), rep.Duration.Round(time.Millisecond))
	}
	return rep, nil
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(math.Ceil(p*float64(len(sorted))))-1)]
}

// metresBetween is the equirectangular distance, exact enough within a city.
func metresBetween(lon1, lat1, lon2, lat2 float64) float64 {
	const r = 6371008.8
	x := (lon2 - lon1) * math.Pi / 180 * math.Cos((lat1+lat2)/2*math.Pi/180)
	y := (lat2 - lat1) * math.Pi / 180
	return r * math.Hypot(x, y)
}

type benchAddr struct {
	streetNL, streetFR, number, box, postcode string
	num                                       int
	lon, lat                                  float64
}

type benchRegister struct {
	addrs []benchAddr
	gaps  []benchCase // numbers missing between two same-side neighbours
}

func loadBenchRegister(ctx context.Context, pool *pgxpool.Pool, municipalityID int) (*benchRegister, error) {
	rows, err := pool.Query(ctx, `
		SELECT street_nl, coalesce(street_fr, ''), house_number, box, postcode, ST_X(geom), ST_Y(geom)
		FROM address WHERE municipality_id = $1 AND house_number ~ '^[0-9]{1,5}$'
		ORDER BY street_nl, postcode, house_number::int, box`, municipalityID)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "reading the address register failed")
	}
	defer rows.Close()
	reg := &benchRegister{}
	for rows.Next() {
		var a benchAddr
		if err := rows.Scan(&a.streetNL, &a.streetFR, &a.number, &a.box, &a.postcode, &a.lon, &a.lat); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "reading the address register failed")
		}
		a.num, _ = strconv.Atoi(a.number)
		reg.addrs = append(reg.addrs, a)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "reading the address register failed")
	}
	reg.findGaps()
	return reg, nil
}

// findGaps lists numbers n absent from a street whose n-2 and n+2 exist;
// the truth is the midpoint of those two.
func (reg *benchRegister) findGaps() {
	type key struct {
		street, postcode string
		num              int
	}
	at := map[key]benchAddr{}
	for _, a := range reg.addrs {
		if _, ok := at[key{a.streetNL, a.postcode, a.num}]; !ok {
			at[key{a.streetNL, a.postcode, a.num}] = a
		}
	}
	for _, a := range reg.addrs {
		k := key{a.streetNL, a.postcode, a.num + 2}
		hi, ok := at[key{a.streetNL, a.postcode, a.num + 4}]
		if _, taken := at[k]; taken || !ok || a.box > "1" {
			continue
		}
		q := fmt.Sprintf("%s %d %s Kortrijk", a.streetNL, a.num+2, a.postcode)
		reg.gaps = append(reg.gaps, benchCase{query: q, kind: "missing-nr", noisy: true,
			lon: (a.lon + hi.lon) / 2, lat: (a.lat + hi.lat) / 2})
	}
}

func (reg *benchRegister) clean(rng *rand.Rand) benchCase {
	a := reg.addrs[rng.IntN(len(reg.addrs))]
	return benchCase{query: a.streetNL + " " + a.number + " " + a.postcode + " Kortrijk", kind: "clean", lon: a.lon, lat: a.lat}
}

// noisy makes the i-th noisy query, cycling through the kinds of mistakes.
func (reg *benchRegister) noisy(rng *rand.Rand, i int) benchCase {
	a := reg.addrs[rng.IntN(len(reg.addrs))]
	c := benchCase{noisy: true, lon: a.lon, lat: a.lat}
	street, tail := a.streetNL, " "+a.number+" "+a.postcode+" Kortrijk"
	switch i % 6 {
	case 0:
		c.kind, street = "typo", typo(rng, street)
	case 1:
		c.kind, street = "abbreviated", abbreviate(street)
	case 2:
		c.kind = "french"
		if a.streetFR != "" {
			street, tail = a.streetFR, " "+a.number+" "+a.postcode+" Courtrai"
		}
	case 3:
		c.kind, street, tail = "lower", fold(street), fold(tail)
	case 4:
		c.kind, tail = "no-postcode", " "+a.number
	case 5:
		if len(reg.gaps) > 0 {
			return reg.gaps[rng.IntN(len(reg.gaps))]
		}
	}
	c.query = street + tail
	return c
}

// typo changes one letter inside the longest word: replaced, dropped,
// doubled or swapped with its neighbour.
func typo(rng *rand.Rand, s string) string {
	words := strings.Fields(s)
	w := 0
	for i := range words {
		if len(words[i]) > len(words[w]) {
			w = i
		}
	}
	b := []byte(words[w])
	if len(b) < 4 {
		return s
	}
	p := 1 + rng.IntN(len(b)-2)
	switch rng.IntN(4) {
	case 0:
		b[p] = "aeioulnrst"[rng.IntN(10)]
	case 1:
		b = append(b[:p], b[p+1:]...)
	case 2:
		b = append(b[:p+1], b[p:]...)
	default:
		b[p], b[p+1] = b[p+1], b[p]
	}
	words[w] = string(b)
	return strings.Join(words, " ")
}

// abbreviate shortens the street type the way people write it.
func abbreviate(s string) string {
	for _, r := range [][2]string{{"steenweg", "stwg."}, {"straat", "str."}, {"laan", "ln."}, {"plein", "pl."}} {
		if base, ok := strings.CutSuffix(s, r[0]); ok {
			return base + r[1]
		}
	}
	return s
}
