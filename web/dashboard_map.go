package web

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/analytics/areas"
)

// hotspotClass is one Gi* confidence bin of the stored hotspot map, as the
// legend says it: the colour is the map style's, the words say the rest.
type hotspotClass struct {
	Bin      int
	Colour   string
	Hexagons int
	Tickets  int
}

// hotspotColours are the fill colours of the tiles' hotspots layer.
var hotspotColours = map[int]string{3: "#b2182b", 2: "#ef8a62", 1: "#fddbc7", 0: "#ffffff", -1: "#d1e5f0", -2: "#67a9cf", -3: "#2166ac"}

// dashHotspots summarises the stored hotspot map (analytics/areas keeps
// it, for every category over the last year, and the tiles serve it).
type dashHotspots struct {
	Classes  []hotspotClass // hot 99 % first, cold 99 % last
	From, To time.Time      // the days counted
	Computed time.Time
}

// Stored says whether a map has been computed yet.
func (d dashHotspots) Stored() bool { return !d.Computed.IsZero() }

func (h *Handler) dashHotspots(ctx context.Context, municipality int) (*dashHotspots, error) {
	out := &dashHotspots{}
	for bin := 3; bin >= -3; bin-- {
		out.Classes = append(out.Classes, hotspotClass{Bin: bin, Colour: hotspotColours[bin]})
	}
	rows, err := h.pool.Query(ctx, `
		SELECT bin, count(*), sum(tickets), min(period_from), max(period_to), max(computed_at)
		  FROM hotspot_hexagon WHERE municipality_id = $1 GROUP BY bin`, municipality)
	if err != nil {
		return nil, err
	}
	var bin, hexagons, tickets int
	var from, to, computed time.Time
	_, err = pgx.ForEachRow(rows, []any{&bin, &hexagons, &tickets, &from, &to, &computed}, func() error {
		c := &out.Classes[3-bin]
		c.Hexagons, c.Tickets = hexagons, tickets
		out.From, out.To, out.Computed = from, to, computed
		return nil
	})
	return out, err
}

// maxClusterRows keeps the table of clusters short on a big city; the map
// shows them all.
const maxClusterRows = 25

// dashCluster is one row of the clusters' table.
type dashCluster struct {
	ID                  int
	Category            string
	Tickets             int
	Place               string
	FirstSeen, LastSeen time.Time
}

// dashClusters are the DBSCAN clusters of the period, per category.
type dashClusters struct {
	Rows      []dashCluster
	More      int // clusters left out of the table
	Tickets   int // tickets on the map
	Clustered int
	GeoJSON   areas.FeatureCollection // for the map layer
}

// dashClusters runs analytics/areas' clustering over the period; codes
// limits it to a team's categories (nil: every category).
func (h *Handler) dashClusters(ctx context.Context, municipality int, f dashFilter, codes []string, lang string) (*dashClusters, error) {
	m, err := areas.New(h.pool).Clusters(ctx, municipality, areas.ClusterQuery{
		Filter: areas.Filter{From: f.From, To: f.To, Categories: codes}})
	if err != nil {
		return nil, err
	}
	names, err := h.categoryNames(ctx, municipality, lang)
	if err != nil {
		return nil, err
	}
	out := &dashClusters{Tickets: m.Tickets, Clustered: m.Clustered, GeoJSON: m.GeoJSON()}
	for i, c := range m.Clusters {
		if i == maxClusterRows {
			out.More = len(m.Clusters) - i
			break
		}
		row := dashCluster{ID: c.ID, Category: names[c.Category], Tickets: c.Tickets, FirstSeen: c.FirstSeen, LastSeen: c.LastSeen}
		if row.Category == "" {
			row.Category = c.Category
		}
		if c.Neighbourhood != nil {
			row.Place = c.Neighbourhood.Name
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// categoryNames are the municipality's category names in lang, by code.
func (h *Handler) categoryNames(ctx context.Context, municipality int, lang string) (map[string]string, error) {
	rows, err := h.pool.Query(ctx, `
		SELECT code, CASE $2 WHEN 'fr' THEN name_fr WHEN 'en' THEN name_en ELSE name_nl END
		  FROM category WHERE municipality_id = $1`, municipality, lang)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	var code, name string
	_, err = pgx.ForEachRow(rows, []any{&code, &name}, func() error {
		names[code] = name
		return nil
	})
	return names, err
}
