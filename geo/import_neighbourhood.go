package geo

import (
	"context"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ImportNeighbourhoods loads a GeoJSON FeatureCollection of neighbourhoods
// into one municipality in one transaction: upserted on their code, made
// valid, then every address (and every ticket without one) is placed in
// the neighbourhood that contains it. A municipality without a boundary
// gets the union of its neighbourhoods. Neighbourhoods missing from the
// file are kept: addresses and tickets may still point at them.
func ImportNeighbourhoods(ctx context.Context, pool *pgxpool.Pool, in io.Reader, opt ImportOptions) (ImportReport, error) {
	start := time.Now()
	var rep ImportReport
	rows, bad, srid, err := parseNeighbourhoods(in, opt)
	if err != nil {
		return rep, err
	}
	rep.Read, rep.Rejected = len(rows)+len(bad), bad
	rep.sortRejections()
	if opt.Strict && len(bad) > 0 {
		return rep, strictError(rep.Rejected)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		t, created, err := targetMunicipality(ctx, tx, opt, true)
		if err != nil {
			return err
		}
		rep.MunicipalityID, rep.Created = t.id, created
		if err := stageNeighbourhoods(ctx, tx, rows, srid, &rep); err != nil {
			return err
		}
		if opt.Strict && len(rep.Rejected) > 0 {
			return strictError(rep.Rejected)
		}
		if err := upsertNeighbourhoods(ctx, tx, t.id, &rep); err != nil {
			return err
		}
		return placeInNeighbourhoods(ctx, tx, t.id)
	})
	rep.sortRejections()
	rep.Duration = time.Since(start)
	return rep, translateImportError(err)
}

// stageNeighbourhoods turns the features into valid WGS84 multipolygons in
// a temporary table, and sets aside those left with no area.
func stageNeighbourhoods(ctx context.Context, tx pgx.Tx, rows []neighbourhoodRow, srid int, rep *ImportReport) error {
	n := len(rows)
	features, codes, names, geoms := make([]int32, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range rows {
		features[i], codes[i], names[i], geoms[i] = int32(r.feature), r.code, r.name, string(r.geometry)
	}
	_, err := tx.Exec(ctx, `
		CREATE TEMP TABLE neighbourhood_stage ON COMMIT DROP AS
		SELECT f.feature, f.code, f.name,
		       ST_Multi(ST_CollectionExtract(ST_MakeValid(
		           ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), $5), 4326)), 3))::geometry(MultiPolygon, 4326) AS geom
		FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS f (feature, code, name, geometry)`,
		features, codes, names, geoms, srid)
	if err != nil {
		return err
	}
	return rejectDeleted(ctx, tx, rep, "the polygon has no area once made valid",
		`DELETE FROM neighbourhood_stage WHERE ST_IsEmpty(geom) RETURNING feature`)
}

// upsertNeighbourhoods writes the staged neighbourhoods on their code;
// those whose name and shape did not change are left alone.
func upsertNeighbourhoods(ctx context.Context, tx pgx.Tx, municipality int, rep *ImportReport) error {
	return upsertCounted(ctx, tx, rep, 0, `
			INSERT INTO neighbourhood AS n (municipality_id, code, name, geom)
			SELECT $1, code, name, geom FROM neighbourhood_stage
			ON CONFLICT (municipality_id, code) DO UPDATE
			SET name = EXCLUDED.name, geom = EXCLUDED.geom
			WHERE (n.name, n.geom) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.geom)
			RETURNING xmax = 0 AS inserted`, municipality)
}

// placeInNeighbourhoods re-derives what depends on the shapes: each
// address's neighbourhood, the neighbourhood of tickets that had none, and
// a missing municipal boundary.
func placeInNeighbourhoods(ctx context.Context, tx pgx.Tx, municipality int) error {
	_, err := tx.Exec(ctx, `
		UPDATE address a SET neighbourhood_id = p.nid
		FROM (SELECT x.id, (SELECT n.id FROM neighbourhood n
		                    WHERE n.municipality_id = $1 AND ST_Contains(n.geom, x.geom) LIMIT 1) AS nid
		      FROM address x WHERE x.municipality_id = $1) p
		WHERE a.municipality_id = $1 AND a.id = p.id AND a.neighbourhood_id IS DISTINCT FROM p.nid`, municipality)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		UPDATE ticket t SET neighbourhood_id = n.id
		FROM neighbourhood n
		WHERE t.municipality_id = $1 AND n.municipality_id = $1
		  AND t.neighbourhood_id IS NULL AND t.geom IS NOT NULL AND ST_Contains(n.geom, t.geom)`, municipality)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		UPDATE municipality m
		SET boundary = (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(n.geom)), 3))
		                FROM neighbourhood n WHERE n.municipality_id = $1)
		WHERE m.id = $1 AND m.boundary IS NULL`, municipality)
	return err
}
