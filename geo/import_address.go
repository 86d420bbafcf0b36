package geo

import (
	"cmp"
	"context"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// ImportAddresses loads an address CSV (see import_address_csv.go) into
// the register of one municipality in one transaction: the good rows are
// copied into a staging table, points outside the municipality are set
// aside, and the rest are upserted on the address key (or its external id),
// with their neighbourhood. Only new and moved points take the
// neighbourhood they are found in and are checked against the boundary.
// Importing the same file twice changes nothing.
// Callers should run RefreshStreets afterwards.
func ImportAddresses(ctx context.Context, pool *pgxpool.Pool, in io.Reader, opt ImportOptions) (ImportReport, error) {
	start := time.Now()
	var rep ImportReport
	in, done := withProgress(in, opt, "addresses")
	rows, bad, err := parseAddressCSV(in, opt.SRID)
	done()
	if err != nil {
		return rep, err
	}
	rep.Read, rep.Rejected = len(rows)+len(bad), bad
	if opt.Strict && len(bad) > 0 {
		rep.sortRejections()
		return rep, strictError(rep.Rejected)
	}
	// Finding the rows that name an address twice is the largest part of
	// the work in Go; it goes on while the database stages the file.
	repeated := make(chan map[int]int, 1)
	go func() { repeated <- repeatedAddresses(rows) }()
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		t, created, err := targetMunicipality(ctx, tx, opt, true)
		if err != nil {
			return err
		}
		rep.MunicipalityID, rep.Created = t.id, created
		local := rejectForeign(rows, t, &rep)
		if err := placeAddresses(ctx, tx, t.id, rows); err != nil {
			return err
		}
		if err := stageAddresses(ctx, tx, t.id, rows, local); err != nil {
			return err
		}
		if err := dropRepeated(ctx, tx, rows, local, <-repeated, &rep); err != nil {
			return err
		}
		if err := matchAddresses(ctx, tx, t.id); err != nil {
			return err
		}
		fresh, err := rejectOutside(ctx, tx, t.id, &rep)
		if err != nil {
			return err
		}
		if opt.Strict && len(rep.Rejected) > 0 {
			rep.sortRejections()
			return strictError(rep.Rejected)
		}
		rebuild, err := prepareBulk(ctx, tx, "address", fresh)
		if err != nil {
			return err
		}
		if err := writeAddresses(ctx, tx, t.id, &rep); err != nil {
			return err
		}
		return rebuild()
	})
	rep.sortRejections()
	rep.Duration = time.Since(start)
	if opt.Strict && len(rep.Rejected) > 0 {
		rep.Inserted, rep.Updated, rep.Unchanged = 0, 0, 0
	}
	return rep, translateImportError(err)
}

// rejectForeign rejects the rows of another municipality and returns
// the indexes of the others.
func rejectForeign(rows []addressRow, t importTarget, rep *ImportReport) []int {
	local := make([]int, 0, len(rows))
	for i := range rows {
		if r := &rows[i]; !t.matches(r.municipality) {
			rep.reject(r.line, "municipality %q is not %s, the one being imported", r.municipality, t.nis)
			continue
		}
		local = append(local, i)
	}
	return local
}

// repeatedAddresses maps each row that names the same address, or the
// same address_id, as a later row to that later row, which wins: one
// upsert cannot touch a row twice. Only the key fields are read, so it can
// run beside placeAddresses. Rows are sorted by a hash of their key and
// neighbours compared, which is several times faster than a map of a
// whole register's keys.
func repeatedAddresses(rows []addressRow) map[int]int {
	seed := maphash.MakeSeed()
	sameAddress := func(a, b *addressRow) bool {
		return a.postcode == b.postcode && a.streetNL == b.streetNL && a.number == b.number && a.box == b.box
	}
	byAddress := make([]hashedRow, len(rows))
	var byID []hashedRow
	for i := range rows {
		r := &rows[i]
		byAddress[i] = hashedRow{maphash.Comparable(seed, [4]string{r.postcode, r.streetNL, r.number, r.box}), i}
		if r.externalID != "" {
			byID = append(byID, hashedRow{maphash.String(seed, r.externalID), i})
		}
	}
	repeated := make(map[int]int)
	laterRows(rows, byAddress, sameAddress, repeated)
	laterRows(rows, byID, func(a, b *addressRow) bool { return a.externalID == b.externalID }, repeated)
	return repeated
}

type hashedRow struct {
	hash uint64
	row  int
}

// laterRows sorts rows by hash and, among rows that are the same, maps
// each to the last one, unless it already has a later row.
func laterRows(rows []addressRow, hashed []hashedRow, same func(a, b *addressRow) bool, repeated map[int]int) {
	slices.SortFunc(hashed, func(a, b hashedRow) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.row, b.row))
	})
	for start := 0; start < len(hashed); {
		end := start + 1
		for end < len(hashed) && hashed[end].hash == hashed[start].hash {
			end++
		}
		// Rows with one hash are nearly always the same; compare to be sure.
		for i := start; i < end; i++ {
			if _, done := repeated[hashed[i].row]; done {
				continue
			}
			for j := end - 1; j > i; j-- {
				if same(&rows[hashed[i].row], &rows[hashed[j].row]) {
					repeated[hashed[i].row] = hashed[j].row
					break
				}
			}
		}
		start = end
	}
}

// dropRepeated rejects the local rows that a later row repeats and takes
// them out of address_load.
func dropRepeated(ctx context.Context, tx pgx.Tx, rows []addressRow, local []int, repeated map[int]int, rep *ImportReport) error {
	var lines []int32
	for _, i := range local {
		j, ok := repeated[i]
		if !ok {
			continue
		}
		r, w := &rows[i], &rows[j]
		if r.postcode == w.postcode && r.streetNL == w.streetNL && r.number == w.number && r.box == w.box {
			rep.reject(r.line, "the same address is on line %d, which wins", w.line)
		} else {
			rep.reject(r.line, "address_id %s is used again on line %d, which wins", r.externalID, w.line)
		}
		lines = append(lines, int32(r.line))
	}
	if len(lines) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `DELETE FROM address_load WHERE line = ANY($1)`, lines)
	return err
}

// stageAddresses copies the local rows into a temporary table
// (coordinates travel as numbers), then builds address_load from it: each
// row's WGS84 point and the address its external id names, if any (the
// street may have been renamed), with that address's stored point and
// neighbourhood. Hash joins over the whole file cost far less than an
// index probe per row.
func stageAddresses(ctx context.Context, tx pgx.Tx, municipality int, rows []addressRow, local []int) error {
	// Imports of one municipality take turns, so no other can insert an
	// address between this match and the write; work_mem holds the hash
	// tables of a whole register.
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('loket address import'), $1)`, municipality)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		SET LOCAL work_mem = '256MB';
		CREATE TEMP TABLE address_raw (
			line integer, external_id text, street_nl text, street_fr text,
			house_number text, box text, postcode text,
			x double precision, y double precision, srid integer, neighbourhood_id integer
		) ON COMMIT DROP`)
	if err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"address_raw"},
		[]string{"line", "external_id", "street_nl", "street_fr", "house_number", "box", "postcode", "x", "y", "srid", "neighbourhood_id"},
		pgx.CopyFromSlice(len(local), func(i int) ([]any, error) {
			r := &rows[local[i]]
			return []any{int32(r.line), nullable(r.externalID), r.streetNL, nullable(r.streetFR),
				r.number, r.box, r.postcode, r.x, r.y, int32(r.srid), nullableID(r.neighbourhood)}, nil
		}))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		CREATE TEMP TABLE address_load ON COMMIT DROP AS
		SELECT r.*, ST_Transform(ST_SetSRID(ST_MakePoint(r.x, r.y), r.srid), 4326) AS geom,
		       e.id, e.geom AS old_geom, e.neighbourhood_id AS old_neighbourhood_id
		FROM address_raw r
		LEFT JOIN address e ON e.municipality_id = $1 AND e.external_id = r.external_id`, municipality)
	return err
}

// matchAddresses finds by the natural key the stored addresses of the
// rows that no external id matched.
func matchAddresses(ctx context.Context, tx pgx.Tx, municipality int) error {
	var unmatched bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM address_load WHERE id IS NULL)`).Scan(&unmatched); err != nil || !unmatched {
		return err
	}
	_, err := tx.Exec(ctx, `
		UPDATE address_load l SET id = k.id, old_geom = k.geom, old_neighbourhood_id = k.neighbourhood_id
		FROM address k
		WHERE l.id IS NULL AND k.municipality_id = $1
		  AND (k.street_nl, k.house_number, k.box, k.postcode) = (l.street_nl, l.house_number, l.box, l.postcode)`,
		municipality)
	return err
}

// rejectOutside sets aside the new or moved points outside the
// municipality and returns how many new addresses remain. A point in one
// of its neighbourhoods is inside; only the others are tested against the
// boundary (one value for the statement, prepared once).
func rejectOutside(ctx context.Context, tx pgx.Tx, municipality int, rep *ImportReport) (fresh int, err error) {
	rows, err := tx.Query(ctx, `
		DELETE FROM address_load l
		USING municipality m
		WHERE m.id = $1 AND m.boundary IS NOT NULL
		  AND l.neighbourhood_id IS NULL AND l.geom IS DISTINCT FROM l.old_geom
		  AND NOT ST_Intersects(m.boundary, l.geom)
		RETURNING l.line, ST_X(l.geom), ST_Y(l.geom)`, municipality)
	if err != nil {
		return 0, err
	}
	var line int
	var lon, lat float64
	_, err = pgx.ForEachRow(rows, []any{&line, &lon, &lat}, func() error {
		rep.reject(line, "the point (%.6f, %.6f) lies outside the municipality", lon, lat)
		return nil
	})
	if err != nil {
		return 0, err
	}
	err = tx.QueryRow(ctx, `SELECT count(*) FROM address_load WHERE id IS NULL`).Scan(&fresh)
	return fresh, err
}

// loadedAddresses is address_load with each row's neighbourhood: the one
// found for a new or moved point, else the one stored.
const loadedAddresses = `(
	SELECT l.line, l.id, l.external_id, l.street_nl, l.street_fr, l.house_number, l.box, l.postcode, l.geom,
	       CASE WHEN l.geom IS DISTINCT FROM l.old_geom THEN l.neighbourhood_id ELSE l.old_neighbourhood_id END AS neighbourhood_id
	FROM address_load l) l`

// writeAddresses updates the matched addresses whose values changed and
// inserts the rest. Unchanged rows are not touched, so a re-import of the
// same file writes nothing. An external id absent from the file leaves
// the stored one in place.
func writeAddresses(ctx context.Context, tx pgx.Tx, municipality int, rep *ImportReport) error {
	upd, err := tx.Exec(ctx, `
		UPDATE address a
		SET street_nl = l.street_nl, street_fr = l.street_fr, house_number = l.house_number,
		    box = l.box, postcode = l.postcode, geom = l.geom, neighbourhood_id = l.neighbourhood_id,
		    external_id = coalesce(l.external_id, a.external_id)
		FROM `+loadedAddresses+`
		WHERE a.municipality_id = $1 AND a.id = l.id
		  AND (a.street_nl, a.street_fr, a.house_number, a.box, a.postcode, a.geom, a.neighbourhood_id, a.external_id)
		      IS DISTINCT FROM (l.street_nl, l.street_fr, l.house_number, l.box, l.postcode, l.geom, l.neighbourhood_id,
		                        coalesce(l.external_id, a.external_id))`, municipality)
	if err != nil {
		return err
	}
	ins, err := tx.Exec(ctx, `
		INSERT INTO address (municipality_id, external_id, street_nl, street_fr, house_number,
		                     box, postcode, geom, neighbourhood_id)
		SELECT $1, external_id, street_nl, street_fr, house_number, box, postcode, geom, neighbourhood_id
		FROM `+loadedAddresses+` WHERE l.id IS NULL`, municipality)
	if err != nil {
		return err
	}
	rep.Inserted, rep.Updated = int(ins.RowsAffected()), int(upd.RowsAffected())
	rep.Unchanged = rep.Read - len(rep.Rejected) - rep.Inserted - rep.Updated
	return nil
}

func nullableID(id int32) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// translateImportError turns the database's refusals into errors a person
// can act on; errors that already carry a kind pass through.
func translateImportError(err error) error {
	if err == nil || errs.KindOf(err) != errs.Internal {
		return err
	}
	if code := pgCode(err); code == "23505" || code == "23514" {
		return errs.Wrap(err, errs.Conflict, fmt.Sprintf("the import clashes with the register (%s)", pgDetail(err)))
	}
	return err
}
