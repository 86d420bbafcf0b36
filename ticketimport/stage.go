package ticketimport

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"loket/geo"
)

// stageCases copies the cases into case_load, one row each with the
// ticket it becomes: the id of the ticket already imported for its case
// number (old_id), or a fresh id from the ticket sequence, so that new
// cases can name each other as duplicates in the same insert. Cases on a
// fallback coordinate travel without one.
func stageCases(ctx context.Context, tx pgx.Tx, municipality int, cases []bostonCase, fallbacks []geo.Fallback,
	teams, categories map[string]int) error {
	_, err := tx.Exec(ctx, `
		SET LOCAL work_mem = '128MB';
		CREATE TEMP TABLE case_raw (
			line integer, external_id text, channel text, category_id integer, team_id integer,
			closed_status boolean, opened timestamptz, due timestamptz, closed timestamptz,
			description text, address_text text, lon double precision, lat double precision,
			note text, duplicate boolean, original text
		) ON COMMIT DROP`)
	if err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"case_raw"},
		[]string{"line", "external_id", "channel", "category_id", "team_id", "closed_status", "opened", "due", "closed",
			"description", "address_text", "lon", "lat", "note", "duplicate", "original"},
		pgx.CopyFromSlice(len(cases), func(i int) ([]any, error) {
			c := &cases[i]
			var lon, lat any
			if c.hasPoint() && !geo.IsFallback(fallbacks, c.lon, c.lat) {
				lon, lat = c.lon, c.lat
			}
			return []any{int32(c.line), c.id, c.channel, int32(categories[slug(c.kind)]), int32(teams[slug(c.queue)]),
				c.closedStatus, c.opened, nullTime(c.target), nullTime(c.closed), c.title, nullText(c.street),
				lon, lat, nullText(c.note), c.duplicate, nullText(c.original)}, nil
		}))
	if err != nil {
		return fmt.Errorf("copy cases: %w", err)
	}
	_, err = tx.Exec(ctx, `
		CREATE TEMP TABLE case_load ON COMMIT DROP AS
		SELECT r.*, e.id AS old_id,
		       coalesce(e.id, nextval(pg_get_serial_sequence('ticket', 'id'))) AS id,
		       ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326) AS point
		FROM case_raw r
		LEFT JOIN ticket e ON e.municipality_id = $1 AND e.external_id = r.external_id`, municipality)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `CREATE UNIQUE INDEX ON case_load (external_id); ANALYZE case_load`)
	return err
}

// placeCases puts each staged point in its neighbourhood (case_in). When
// the city has neighbourhoods, a point in none of them is outside the
// city: the case is kept without a place, and reported. Neighbourhoods
// are cut into small pieces first, so each point is tested against a few
// hundred vertices rather than a whole district's outline.
func placeCases(ctx context.Context, tx pgx.Tx, municipality int, rep *Report) error {
	_, err := tx.Exec(ctx, `
		CREATE TEMP TABLE case_piece ON COMMIT DROP AS
		SELECT id, ST_Subdivide(geom, 32) AS geom FROM neighbourhood WHERE municipality_id = $1`, municipality)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		CREATE INDEX ON case_piece USING gist (geom);
		ANALYZE case_piece;
		CREATE TEMP TABLE case_in ON COMMIT DROP AS
		SELECT DISTINCT ON (l.line) l.line, p.id AS neighbourhood_id
		FROM case_load l JOIN case_piece p ON ST_Intersects(p.geom, l.point)
		ORDER BY l.line, p.id;
		CREATE UNIQUE INDEX ON case_in (line);
		ANALYZE case_in`)
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `
		SELECT l.line, l.lon, l.lat FROM case_load l
		WHERE l.point IS NOT NULL AND EXISTS (SELECT FROM case_piece)
		  AND NOT EXISTS (SELECT FROM case_in i WHERE i.line = l.line)
		ORDER BY l.line`)
	if err != nil {
		return err
	}
	var line int
	var lon, lat float64
	_, err = pgx.ForEachRow(rows, []any{&line, &lon, &lat}, func() error {
		rep.Unplaced = append(rep.Unplaced, geo.Rejection{Line: line,
			Reason: fmt.Sprintf("the point %.5f, %.5f lies outside every neighbourhood: kept without a place", lon, lat)})
		return nil
	})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		UPDATE case_load l SET point = NULL, lon = NULL, lat = NULL
		WHERE l.point IS NOT NULL AND EXISTS (SELECT FROM case_piece)
		  AND NOT EXISTS (SELECT FROM case_in i WHERE i.line = l.line)`)
	return err
}
