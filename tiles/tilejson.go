package tiles

import (
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"loket/internal/errs"
	"loket/internal/httpx"
)

// fieldsOf describes each layer's attributes for TileJSON.
var fieldsOf = map[string]map[string]string{
	"tickets": {"reference": "ticket reference (points: from zoom 12 where a tile holds at most 3,000 tickets)",
		"category": "category code (points), or the most frequent one (cells)", "status": "status (points)",
		"age": "week, month, year or older (points)", "count": "tickets in the cell (cells: where a tile holds more)",
		"open": "open tickets in the cell (cells)"},
	"neighbourhoods": {"code": "neighbourhood code", "name": "name", "open": "open tickets", "open_per_1000": "open tickets per 1,000 residents"},
	"hotspots": {"tickets": "tickets in the hexagon over the period", "z": "Getis-Ord Gi* z-score",
		"bin":         "3, 2, 1: hot spot at 99, 95, 90 % confidence (false discovery rate controlled); −1…−3 cold; 0 neither",
		"pattern":     "emerging hot spot class over the weeks (new, consecutive, intensifying, persistent, …)",
		"period_from": "first day counted", "period_to": "last day counted"},
}

func init() {
	staff := map[string]string{"team": "team code", "priority": "1 (urgent) to 4"}
	for k, v := range fieldsOf["tickets"] {
		staff[k] = v
	}
	fieldsOf["tickets_staff"] = staff
}

func (s *Server) handleJSON(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	if name == "style.json" {
		s.handleStyle(w, r)
		return
	}
	layer, ok := strings.CutSuffix(name, ".json")
	if !ok || !slices.Contains(layers, layer) {
		httpx.Error(w, r, errs.E(errs.NotFound, "no layer %q: the layers are %s", strings.TrimSuffix(name, ".json"), strings.Join(layers, ", ")))
		return
	}
	m, err := s.served.ID(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	var w0, s0, e0, n0 float64
	err = s.pool.QueryRow(r.Context(), `
		SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)
		FROM (SELECT coalesce(boundary, (SELECT ST_Collect(geom) FROM neighbourhood WHERE municipality_id = $1))::box2d AS b
		      FROM municipality WHERE id = $1) x`, m).Scan(&w0, &s0, &e0, &n0)
	if err != nil {
		httpx.Error(w, r, errs.Wrap(err, errs.Internal, "the municipality's bounds could not be read"))
		return
	}
	base := baseURL(r)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"tilejson": "3.0.0", "name": "Loket " + layer, "scheme": "xyz",
		"tiles":   []string{base + "/tiles/" + layer + "/{z}/{x}/{y}.mvt"},
		"minzoom": 0, "maxzoom": MaxZoom, "bounds": []float64{w0, s0, e0, n0},
		"center":        []float64{(w0 + e0) / 2, (s0 + n0) / 2, 13},
		"vector_layers": []map[string]any{{"id": layer, "fields": fieldsOf[layer], "minzoom": 0, "maxzoom": MaxZoom}},
		"attribution":   "Loket; neighbourhoods and streets: the city's registers",
	})
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleStyle is a MapLibre style over the layers: neighbourhoods shaded
// by open tickets per 1,000 residents, significant hotspot hexagons red
// (hot) or blue (cold), cells sized by their count, points coloured by
// status.
func (s *Server) handleStyle(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	statusColour := []any{"match", []any{"get", "status"},
		"new", "#d7301f", "triaged", "#fc8d59", "assigned", "#fdbb84", "in_progress", "#2b8cbe", "waiting", "#a6bddb",
		"#969696"}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"version": 8, "name": "Loket",
		"sources": map[string]any{
			"tickets":        map[string]any{"type": "vector", "url": base + "/tiles/tickets.json"},
			"neighbourhoods": map[string]any{"type": "vector", "url": base + "/tiles/neighbourhoods.json"},
			"hotspots":       map[string]any{"type": "vector", "url": base + "/tiles/hotspots.json"},
		},
		"layers": []any{
			map[string]any{"id": "background", "type": "background", "paint": map[string]any{"background-color": "#f4f1ea"}},
			map[string]any{"id": "neighbourhoods", "type": "fill", "source": "neighbourhoods", "source-layer": "neighbourhoods",
				"paint": map[string]any{"fill-opacity": 0.5, "fill-color": []any{"interpolate", []any{"linear"},
					[]any{"coalesce", []any{"get", "open_per_1000"}, 0}, 0, "#fff7ec", 5, "#fdbb84", 20, "#d7301f"}}},
			map[string]any{"id": "hotspots", "type": "fill", "source": "hotspots", "source-layer": "hotspots",
				"filter": []any{"!=", []any{"get", "bin"}, 0},
				"paint": map[string]any{"fill-opacity": 0.55, "fill-color": []any{"match", []any{"get", "bin"},
					3, "#b2182b", 2, "#ef8a62", 1, "#fddbc7", -1, "#d1e5f0", -2, "#67a9cf", -3, "#2166ac", "#ffffff"}}},
			map[string]any{"id": "neighbourhood-lines", "type": "line", "source": "neighbourhoods", "source-layer": "neighbourhoods",
				"paint": map[string]any{"line-color": "#7f7f7f", "line-width": 1}},
			map[string]any{"id": "ticket-cells", "type": "circle", "source": "tickets", "source-layer": "tickets", "filter": []any{"has", "count"},
				"paint": map[string]any{"circle-color": "#2b8cbe", "circle-opacity": 0.7,
					"circle-radius": []any{"interpolate", []any{"linear"}, []any{"sqrt", []any{"get", "count"}}, 1, 3, 30, 18}}},
			map[string]any{"id": "ticket-points", "type": "circle", "source": "tickets", "source-layer": "tickets", "filter": []any{"!", []any{"has", "count"}},
				"paint": map[string]any{"circle-color": statusColour, "circle-radius": 5, "circle-stroke-color": "#fff", "circle-stroke-width": 1}},
		},
	})
}
