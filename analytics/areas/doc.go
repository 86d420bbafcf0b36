// Package areas answers "is it many requests from one neighbourhood?": it
// finds DBSCAN clusters of tickets, counts tickets per neighbourhood and
// per hexagon with rates per 1,000 residents, and maps Getis-Ord Gi* hot
// and cold spots, once or week by week (emerging hot spots). Every answer
// is a GeoJSON FeatureCollection, served under /api/analytics/ to staff.
//
// Where a ticket counts: on the map (clusters, hexagons, hot spots) only
// when its point says where it is — geocode quality address, interpolated,
// street or point. A quality-neighbourhood point is a stand-in inside the
// neighbourhood, so it counts per neighbourhood only; quality none (nothing
// found, or a register's fallback coordinate) never counts anywhere, so
// known default coordinates never make a cluster or a hot spot.
//
// Distances and hexagons are in metres, worked out in the municipality's
// local metric coordinate system (Lambert 72 for Belgian cities, the
// Massachusetts state plane in metres for Boston); where it has none, in
// Web Mercator scaled by the cosine of its latitude.
//
// Hexagons are PostGIS's ST_HexagonGrid cells. A hexagon is on the map when
// at least 1 % of it lies in the study area (the municipality's boundary,
// else the union of its neighbourhoods, or one neighbourhood), with zero
// tickets where none fell: Gi* needs the quiet cells too.
//
// Significance: Gi* p-values come from the normal approximation and are
// corrected together with Benjamini–Hochberg (q = 0.05 unless asked).
// Conditional permutations cannot give a p-value below 1/(perms+1): with
// 999 of them that is 0.001, while BH over a few thousand hexagons needs
// the smallest near 0.05/n ≈ 0.00001, so a small real cluster could never
// pass. Permutation pseudo p-values are therefore an option (perms=999) that
// is reported beside the analytic ones, never what decides the bins.
package areas
