// Package loadgen drives a running Loket with the mixed traffic of a
// working day — citizens reading their tickets, staff lists and searches,
// intake, map tiles at every zoom, Open311 reads and posts — at rising
// numbers of requests in flight, and reports throughput and latency per
// route, so the point where the server stops keeping up (the knee) shows.
package loadgen

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/auth"
	"loket/seed"
	"loket/ticketing"
)

// Workload is what the requests are made of: who calls, and the places,
// categories and words they use.
type Workload struct {
	staff, citizen, client string // tokens
	team                   string
	categories, words      []string
	places                 [][2]float64 // lon, lat
	clientID, municipality int
	pool                   *pgxpool.Pool
}

// Prepare signs in the demo city's staff member and citizen, creates a
// machine client for intake and Open311 posts, and reads places,
// categories and words from the database. Close removes the client and
// the tickets it made.
func Prepare(ctx context.Context, pool *pgxpool.Pool, municipality int) (*Workload, error) {
	w := &Workload{pool: pool, municipality: municipality}
	store := auth.NewStore(pool)
	staff, err := store.LoginStaff(ctx, seed.DemoLogins[1].Email, seed.DemoLogins[1].Password)
	if err != nil {
		return nil, fmt.Errorf("the load needs the demo city's staff login (run `loket seed`): %w", err)
	}
	citizen, err := store.LoginCitizen(ctx, municipality, seed.DemoCitizen.Email, seed.DemoCitizen.Password)
	if err != nil {
		return nil, fmt.Errorf("the load needs the demo city's citizen login (run `loket seed`): %w", err)
	}
	w.staff, w.citizen = staff.Token, citizen.Token
	if w.client, w.clientID, err = store.CreateClient(ctx, municipality, "loadgen"); err != nil {
		return nil, err
	}
	if err := pool.QueryRow(ctx, `SELECT code FROM team WHERE municipality_id = $1 AND id = $2`, municipality, *staff.Principal.TeamID).Scan(&w.team); err != nil {
		return nil, err
	}
	if w.categories, err = ticketing.BenchCategories(ctx, pool, municipality); err != nil {
		return nil, err
	}
	// Addresses in a fixed shuffle, so places and searched street names
	// spread over the whole city (in id order they are a few streets).
	rows, err := pool.Query(ctx, `SELECT ST_X(geom), ST_Y(geom), street_nl FROM address WHERE municipality_id = $1
		ORDER BY md5(id::text) LIMIT 2000`, municipality)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p [2]float64
		var street string
		if err := rows.Scan(&p[0], &p[1], &street); err != nil {
			return nil, err
		}
		w.places = append(w.places, p)
		if len(w.words) < 200 && !slices.Contains(w.words, street) {
			w.words = append(w.words, street)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(w.categories) == 0 || len(w.places) == 0 {
		return nil, fmt.Errorf("the municipality has no categories or addresses: run `loket seed` first")
	}
	return w, nil
}

// Close removes the tickets the load created and its client.
func (w *Workload) Close(ctx context.Context) {
	ticketing.RemoveClientTickets(ctx, w.pool, w.municipality, w.clientID)
}

// tileOf is the tile at zoom z holding lon, lat.
func tileOf(lon, lat float64, z int) (x, y int) {
	n := math.Exp2(float64(z))
	x = int((lon + 180) / 360 * n)
	r := lat * math.Pi / 180
	y = int((1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * n)
	return x, y
}
