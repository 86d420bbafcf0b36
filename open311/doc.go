// Package open311 speaks Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2)
// over the ticket desk: categories are services, tickets are service
// requests. Any existing Open311 client works unchanged; responses come in
// JSON or XML and carry nothing a citizen may not see — no reporter, no
// internal notes, no register data.
package open311
