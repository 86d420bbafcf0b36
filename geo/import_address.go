package geo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// ImportAddresses loads an address CSV (see import_address_csv.go) into
// the register of one municipality in one transaction: the good rows are
// copied into a staging table, points outside the municipality are set
// aside, and the rest are upserted on the address key (or its external id),
// with their neighbourhood. Importing the same file twice changes nothing.
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
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		t, created, err := targetMunicipality(ctx, tx, opt, true)
		if err != nil {
			return err
		}
		rep.MunicipalityID, rep.Created = t.id, created
		rows = keepAddresses(rows, t, &rep)
		if err := stageAddresses(ctx, tx, t.id, rows); err != nil {
			return err
		}
		if err := rejectOutside(ctx, tx, &rep); err != nil {
			return err
		}
		if opt.Strict && len(rep.Rejected) > 0 {
			rep.sortRejections()
			return strictError(rep.Rejected)
		}
		rebuild, err := prepareBulk(ctx, tx, "address", len(rows))
		if err != nil {
			return err
		}
		if err := upsertAddresses(ctx, tx, t.id, &rep); err != nil {
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

// keepAddresses drops rows of another municipality and all but the last
// of rows that name the same address twice (one upsert cannot touch a row
// twice).
func keepAddresses(rows []addressRow, t importTarget, rep *ImportReport) []addressRow {
	type key struct{ postcode, street, number, box string }
	lastKey := make(map[key]int, len(rows))
	lastExt := make(map[string]int)
	for i, r := range rows {
		lastKey[key{r.postcode, r.streetNL, r.number, r.box}] = i
		if r.externalID != "" {
			lastExt[r.externalID] = i
		}
	}
	out := rows[:0]
	for i, r := range rows {
		switch j := lastKey[key{r.postcode, r.streetNL, r.number, r.box}]; {
		case !t.matches(r.municipality):
			rep.reject(r.line, "municipality %q is not %s, the one being imported", r.municipality, t.nis)
		case j != i:
			rep.reject(r.line, "the same address is on line %d, which wins", rows[j].line)
		case r.externalID != "" && lastExt[r.externalID] != i:
			rep.reject(r.line, "address_id %s is used again on line %d, which wins", r.externalID, rows[lastExt[r.externalID]].line)
		default:
			out = append(out, r)
		}
	}
	return out
}

// stageAddresses copies rows into a temporary table (coordinates travel
// as numbers), then builds address_stage beside it: each row's WGS84
// point, its neighbourhood and whether it lies in the municipality.
// Polygons are cut into small pieces first, so that each point is tested
// against a few dozen vertices instead of a whole neighbourhood.
func stageAddresses(ctx context.Context, tx pgx.Tx, municipality int, rows []addressRow) error {
	_, err := tx.Exec(ctx, `
		CREATE TEMP TABLE address_raw (
			line integer, external_id text, street_nl text, street_fr text,
			house_number text, box text, postcode text,
			x double precision, y double precision, srid integer
		) ON COMMIT DROP`)
	if err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"address_raw"},
		[]string{"line", "external_id", "street_nl", "street_fr", "house_number", "box", "postcode", "x", "y", "srid"},
		pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			r := &rows[i]
			return []any{int32(r.line), nullable(r.externalID), r.streetNL, nullable(r.streetFR),
				r.number, r.box, r.postcode, r.x, r.y, int32(r.srid)}, nil
		}))
	if err != nil {
		return err
	}
	// The point, and whether it lies in the municipality: the boundary is
	// one value for the whole statement, which PostGIS prepares once.
	_, err = tx.Exec(ctx, `
		CREATE TEMP TABLE address_stage ON COMMIT DROP AS
		SELECT p.*, b.boundary IS NULL OR ST_Intersects(b.boundary, p.geom) AS inside
		FROM (SELECT r.*, ST_Transform(ST_SetSRID(ST_MakePoint(r.x, r.y), r.srid), 4326) AS geom
		      FROM address_raw r) p,
		     (SELECT boundary FROM municipality WHERE id = $1) b`, municipality)
	if err != nil {
		return err
	}
	// Neighbourhoods in the outer loop (OFFSET 0 keeps it there), so each
	// polygon is prepared once and tested against every point in a row,
	// rather than a different polygon for each point.
	_, err = tx.Exec(ctx, `
		CREATE TEMP TABLE address_in ON COMMIT DROP AS
		SELECT DISTINCT ON (x.line) x.line, n.id AS neighbourhood_id
		FROM neighbourhood n,
		     LATERAL (SELECT s.line FROM address_stage s WHERE ST_Contains(n.geom, s.geom) OFFSET 0) x
		WHERE n.municipality_id = $1
		ORDER BY x.line, n.id`, municipality)
	return err
}

// rejectOutside sets aside the staged points outside the municipality.
func rejectOutside(ctx context.Context, tx pgx.Tx, rep *ImportReport) error {
	rows, err := tx.Query(ctx, `
		DELETE FROM address_stage WHERE NOT inside
		RETURNING line, ST_X(geom), ST_Y(geom)`)
	if err != nil {
		return err
	}
	var line int
	var lon, lat float64
	_, err = pgx.ForEachRow(rows, []any{&line, &lon, &lat}, func() error {
		rep.reject(line, "the point (%.6f, %.6f) lies outside the municipality", lon, lat)
		return nil
	})
	return err
}

// upsertAddresses writes the staged rows. Addresses known by their
// external id are updated in place first (their street may have been
// renamed); the rest are upserted on the natural key. Rows whose values
// are all unchanged are left alone, so a re-import writes nothing.
func upsertAddresses(ctx context.Context, tx pgx.Tx, municipality int, rep *ImportReport) error {
	var first bool
	err := tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT FROM address WHERE municipality_id = $1)`, municipality).Scan(&first)
	if err != nil {
		return err
	}
	if first {
		return insertAddresses(ctx, tx, municipality, rep)
	}
	byExt, err := tx.Exec(ctx, `
		UPDATE address a
		SET street_nl = s.street_nl, street_fr = s.street_fr, house_number = s.house_number,
		    box = s.box, postcode = s.postcode, geom = s.geom, neighbourhood_id = i.neighbourhood_id
		FROM address_stage s LEFT JOIN address_in i USING (line)
		WHERE a.municipality_id = $1 AND s.external_id IS NOT NULL AND a.external_id = s.external_id
		  AND (a.street_nl, a.street_fr, a.house_number, a.box, a.postcode)
		      IS DISTINCT FROM (s.street_nl, s.street_fr, s.house_number, s.box, s.postcode)`, municipality)
	if err != nil {
		return err
	}
	return upsertCounted(ctx, tx, rep, int(byExt.RowsAffected()), `
			INSERT INTO address AS a (municipality_id, external_id, street_nl, street_fr, house_number,
			                          box, postcode, geom, neighbourhood_id)
			SELECT $1, s.external_id, s.street_nl, s.street_fr, s.house_number, s.box, s.postcode, s.geom, i.neighbourhood_id
			FROM address_stage s LEFT JOIN address_in i USING (line)
			ON CONFLICT (municipality_id, postcode, street_nl, house_number, box) DO UPDATE
			SET street_fr = EXCLUDED.street_fr, geom = EXCLUDED.geom,
			    neighbourhood_id = EXCLUDED.neighbourhood_id,
			    external_id = coalesce(EXCLUDED.external_id, a.external_id)
			WHERE (a.street_fr, a.geom, a.neighbourhood_id, a.external_id)
			      IS DISTINCT FROM (EXCLUDED.street_fr, EXCLUDED.geom, EXCLUDED.neighbourhood_id,
			                        coalesce(EXCLUDED.external_id, a.external_id))
			RETURNING xmax = 0 AS inserted`, municipality)
}

// insertAddresses is the first load of a municipality's register: with
// the file's duplicates gone, nothing can clash, so the rows go in without
// the cost of conflict checks.
func insertAddresses(ctx context.Context, tx pgx.Tx, municipality int, rep *ImportReport) error {
	tag, err := tx.Exec(ctx, `
		INSERT INTO address (municipality_id, external_id, street_nl, street_fr, house_number,
		                     box, postcode, geom, neighbourhood_id)
		SELECT $1, s.external_id, s.street_nl, s.street_fr, s.house_number, s.box, s.postcode, s.geom, i.neighbourhood_id
		FROM address_stage s LEFT JOIN address_in i USING (line)`, municipality)
	rep.Inserted = int(tag.RowsAffected())
	return err
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
