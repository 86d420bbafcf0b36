package geo

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
	"loket/internal/httpx"
)

// Default answers of the HTTP API.
const (
	defaultLimit  = 5
	defaultRadius = 100
)

// Routes mounts the geocoding API on r.
func (g *Geocoder) Routes(r chi.Router) {
	r.Get("/api/geocode", httpx.JSON(g.handleGeocode))
	r.Get("/api/reverse", httpx.JSON(g.handleReverse))
}

type geocodeResponse struct {
	Query      string      `json:"query"`
	Candidates []Candidate `json:"candidates"`
}

func (g *Geocoder) handleGeocode(r *http.Request) (any, error) {
	q := r.URL.Query()
	limit, err := intParam(q.Get("limit"), "limit", defaultLimit)
	if err != nil {
		return nil, err
	}
	mid, err := g.served.ID(r.Context())
	if err != nil {
		return nil, err
	}
	cs, err := g.Geocode(r.Context(), mid, q.Get("q"), limit)
	if err != nil {
		return nil, err
	}
	return geocodeResponse{Query: q.Get("q"), Candidates: cs}, nil
}

func (g *Geocoder) handleReverse(r *http.Request) (any, error) {
	q := r.URL.Query()
	lon, err := floatParam(q.Get("lon"), "lon", nil)
	if err != nil {
		return nil, err
	}
	lat, err := floatParam(q.Get("lat"), "lat", nil)
	if err != nil {
		return nil, err
	}
	radius, err := floatParam(q.Get("radius"), "radius", ptr(float64(defaultRadius)))
	if err != nil {
		return nil, err
	}
	mid, err := g.served.ID(r.Context())
	if err != nil {
		return nil, err
	}
	return g.Reverse(r.Context(), mid, lon, lat, radius)
}

// ServedMunicipality is the one the API serves: for now the single
// municipality in the database (the lowest id). Hosting several will change
// only this.
func ServedMunicipality(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var id int
	err := pool.QueryRow(ctx, `SELECT id FROM municipality ORDER BY id LIMIT 1`).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, errs.E(errs.Unavailable, "no municipality has been loaded yet")
	}
	if err != nil {
		return 0, errs.Wrap(err, errs.Unavailable, "the database is not reachable")
	}
	return id, nil
}

func intParam(s, name string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, errs.E(errs.Invalid, "%s must be a whole number, not %q", name, s)
	}
	return v, nil
}

// floatParam parses a required (def nil) or optional number.
func floatParam(s, name string, def *float64) (float64, error) {
	if s == "" {
		if def == nil {
			return 0, errs.E(errs.Invalid, "%s is required", name)
		}
		return *def, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, errs.E(errs.Invalid, "%s must be a number such as 3.2649, not %q", name, s)
	}
	return v, nil
}

func ptr[T any](v T) *T { return &v }
