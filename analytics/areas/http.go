package areas

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// Routes mounts the analyses under /api/analytics/, for staff only: the
// maps count residents and show where individual reports pile up.
func (s *Service) Routes(r chi.Router) {
	staff := r.With(auth.RequireStaff("the analyses"))
	staff.Get("/api/analytics/clusters", serveGeoJSON(s.handleClusters))
	staff.Get("/api/analytics/neighbourhoods", serveGeoJSON(s.handleNeighbourhoods))
	staff.Get("/api/analytics/hexagons", serveGeoJSON(s.handleHexagons))
	staff.Get("/api/analytics/hotspots", serveGeoJSON(s.handleHotspots))
	staff.Get("/api/analytics/hotspots/emerging", serveGeoJSON(s.handleEmerging))
}

// serveGeoJSON writes h's answer as GeoJSON, or its error: 413 for a
// request past the limits, else the status of the error's kind.
func serveGeoJSON(h func(*http.Request) (FeatureCollection, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		fc, err := h(r)
		var big *tooLargeError
		switch {
		case errors.As(err, &big):
			httpx.WriteStatus(w, r, http.StatusRequestEntityTooLarge, errs.MessageOf(err))
			return
		case err != nil:
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/geo+json")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "private, no-store")
		w.WriteHeader(http.StatusOK)
		_ = json.NewEncoder(w).Encode(fc)
	}
}

func municipalityOf(r *http.Request) int { return auth.From(r.Context()).MunicipalityID }

func (s *Service) handleClusters(r *http.Request) (FeatureCollection, error) {
	p := readParams(r.URL.Query(), s.zone(r.Context(), municipalityOf(r)), "eps", "min_points", "together")
	q := ClusterQuery{Filter: p.filter(), EpsMetres: p.positive("eps", "metres"),
		MinPoints: p.integer("min_points", 2, 10_000), Together: p.flag("together")}
	if p.err != nil {
		return FeatureCollection{}, p.err
	}
	m, err := s.Clusters(r.Context(), municipalityOf(r), q)
	if err != nil {
		return FeatureCollection{}, err
	}
	return m.GeoJSON(), nil
}

func (s *Service) handleNeighbourhoods(r *http.Request) (FeatureCollection, error) {
	p := readParams(r.URL.Query(), s.zone(r.Context(), municipalityOf(r)))
	f := p.filter()
	if p.err != nil {
		return FeatureCollection{}, p.err
	}
	m, err := s.Neighbourhoods(r.Context(), municipalityOf(r), f)
	if err != nil {
		return FeatureCollection{}, err
	}
	return m.GeoJSON(), nil
}

func (s *Service) handleHexagons(r *http.Request) (FeatureCollection, error) {
	p := readParams(r.URL.Query(), s.zone(r.Context(), municipalityOf(r)), "size")
	q := HexQuery{Filter: p.filter(), SizeMetres: p.positive("size", "metres")}
	if p.err != nil {
		return FeatureCollection{}, p.err
	}
	m, err := s.Hexagons(r.Context(), municipalityOf(r), q)
	if err != nil {
		return FeatureCollection{}, err
	}
	return m.GeoJSON(), nil
}

func (s *Service) handleHotspots(r *http.Request) (FeatureCollection, error) {
	p := readParams(r.URL.Query(), s.zone(r.Context(), municipalityOf(r)), "size", "q", "perms", "seed")
	q := HotspotQuery{HexQuery: HexQuery{Filter: p.filter(), SizeMetres: p.positive("size", "metres")},
		Q: p.fraction("q", 0.5), Perms: p.integer("perms", 0, maxPerms), Seed: uint64(p.integer("seed", 0, 1<<31-1))}
	if p.err != nil {
		return FeatureCollection{}, p.err
	}
	m, err := s.Hotspots(r.Context(), municipalityOf(r), q)
	if err != nil {
		return FeatureCollection{}, err
	}
	return m.GeoJSON(), nil
}

func (s *Service) handleEmerging(r *http.Request) (FeatureCollection, error) {
	p := readParams(r.URL.Query(), s.zone(r.Context(), municipalityOf(r)), "size", "q", "trend_alpha")
	q := EmergingQuery{HexQuery: HexQuery{Filter: p.filter(), SizeMetres: p.positive("size", "metres")},
		Q: p.fraction("q", 0.5), TrendAlpha: p.fraction("trend_alpha", 0.5)}
	if p.err != nil {
		return FeatureCollection{}, p.err
	}
	m, err := s.Emerging(r.Context(), municipalityOf(r), q)
	if err != nil {
		return FeatureCollection{}, err
	}
	return m.GeoJSON(), nil
}
