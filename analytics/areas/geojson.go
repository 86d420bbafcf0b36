package areas

import "encoding/json"

// FeatureCollection is a GeoJSON FeatureCollection. Analysis is a foreign
// member (RFC 7946 §6.1) saying what was computed: period, parameters,
// totals.
type FeatureCollection struct {
	Type     string    `json:"type"`
	Analysis any       `json:"analysis"`
	Features []Feature `json:"features"`
}

// Feature is a GeoJSON Feature whose geometry PostGIS wrote.
type Feature struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties any             `json:"properties"`
}

// collect makes a FeatureCollection of n features.
func collect(analysis any, n int, feature func(i int) (json.RawMessage, any)) FeatureCollection {
	fc := FeatureCollection{Type: "FeatureCollection", Analysis: analysis, Features: make([]Feature, n)}
	for i := range n {
		geom, props := feature(i)
		if geom == nil {
			geom = json.RawMessage("null")
		}
		fc.Features[i] = Feature{Type: "Feature", Geometry: geom, Properties: props}
	}
	return fc
}

// GeoJSON returns the map as hexagon features.
func (m *HexagonMap) GeoJSON() FeatureCollection {
	return collect(m, len(m.Hexagons), func(i int) (json.RawMessage, any) {
		return m.Hexagons[i].shape, m.Hexagons[i]
	})
}

// GeoJSON returns the clusters as features shaped by their convex hulls.
func (m *ClusterMap) GeoJSON() FeatureCollection {
	return collect(m, len(m.Clusters), func(i int) (json.RawMessage, any) {
		return m.Clusters[i].hull, m.Clusters[i]
	})
}
