// Package tiles serves the map: Mapbox Vector Tiles of tickets and
// neighbourhoods built in PostGIS, TileJSON and a MapLibre style, with
// low-zoom aggregates and a cache invalidated by ticket changes.
package tiles
