// Package export streams tickets as columnar data for BI tools, notebooks
// and analytics in Go: Arrow IPC streams and Parquet files over HTTP, and
// Scan, which hands the same Arrow record batches to Go code. ScanTx does
// so inside an analysis's own transaction, and Days and DictionaryIDs
// let it count the batches per local day, category and neighbourhood.
//
// An export may choose its columns (columns=created_at,category): only
// those are read from PostgreSQL and decoded, and the look-ups they do
// not need (the registers behind the home check) are skipped.
//
// The tickets are those of the staff list (/api/tickets) with the same
// filters, read from one database snapshot by a few connections at once,
// each over its share of the table's pages, and built into batches of at
// most BatchRows rows: memory stays flat however many rows go out.
//
// Anyone may export the public columns: the public map and Open311 show
// the same facts. A ticket placed at its reporter's registered home
// shows, as in Open311, a point rounded to about 100 m. Staff get more
// columns and exact points; nobody gets the reporter or register data.
// Filters on description words (q) and on the assignee are for staff,
// since the columns they search are, and a staff column asked for by
// name is refused to others the same way. At most MaxExports run at once; more
// are told to come back later (503), which keeps an anonymous caller from
// tying up the database.
package export
