// Package geo owns the places of a municipality: the address register, the
// population register, neighbourhoods, geocoding (text → point, name →
// resident → address), reverse geocoding and coordinate systems (WGS84, Web
// Mercator, Belgian Lambert 72/2008). Its core is free of HTTP; handlers live
// in http.go.
package geo
