package geo

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// RefreshStreets rebuilds the street table from the address register of
// every municipality. The geocoder matches names against that table only, so
// whatever loads addresses (the seed, the CSV/GeoJSON import) must call it
// once the load is done. It runs in one transaction: readers see the old
// streets until the new ones are complete.
func RefreshStreets(ctx context.Context, pool *pgxpool.Pool) error {
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM street`); err != nil {
			return err
		}
		// The representative point is a real address (the one nearest the
		// centroid), so it lies on the street even when the street bends.
		_, err := tx.Exec(ctx, `
			WITH g AS (
				SELECT municipality_id, street_nl, max(street_fr) AS street_fr,
				       array_agg(DISTINCT postcode ORDER BY postcode) AS postcodes,
				       count(*) AS n, ST_Centroid(ST_Collect(geom)) AS centre
				FROM address GROUP BY municipality_id, street_nl)
			INSERT INTO street (municipality_id, name_nl, name_fr, norm_nl, norm_fr, postcodes,
			                    addresses, address_id, neighbourhood_id, geom)
			SELECT g.municipality_id, g.street_nl, g.street_fr, loket_norm(g.street_nl), loket_norm(g.street_fr),
			       g.postcodes, g.n, r.id, r.neighbourhood_id, r.geom
			FROM g CROSS JOIN LATERAL (
				SELECT a.id, a.neighbourhood_id, a.geom FROM address a
				WHERE a.municipality_id = g.municipality_id AND a.street_nl = g.street_nl
				ORDER BY a.geom <-> g.centre, a.id LIMIT 1) r`)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `ANALYZE street`)
		return err
	})
	if err != nil {
		return errs.Wrap(err, errs.Internal, "rebuilding the street list failed")
	}
	return nil
}
