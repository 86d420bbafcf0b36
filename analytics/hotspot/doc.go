// Package hotspot is the statistics behind Loket's hotspot map: Getis-Ord Gi*
// z-scores on cell counts, conditional-permutation p-values, Benjamini–Hochberg
// false-discovery-rate control, hot/cold classes like ArcGIS's Gi_Bin, the
// Mann–Kendall trend test and emerging hot spot patterns over time slices.
//
// It is pure Go and knows nothing of tickets or the database: callers hand it
// one count per cell and a Graph saying which cells touch. HexGraph builds that
// graph for the hexagons PostGIS's ST_HexagonGrid returns.
//
// Cells with zero tickets inside the study area must be passed as zeros: a
// cell left out counts as outside the map, not as a quiet place.
package hotspot
