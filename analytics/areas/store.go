package areas

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// StoreHotspotMap computes the default hotspot map (every category over
// the last year, 250 m hexagons) with each hexagon's emerging pattern
// over the last 12 weeks, and puts it in place of the municipality's
// stored one, in one transaction, for the hotspots tile layer.
func (s *Service) StoreHotspotMap(ctx context.Context, municipality int) (*HotspotMap, error) {
	hot, err := s.Hotspots(ctx, municipality, HotspotQuery{})
	if err != nil {
		return nil, err
	}
	emerging, err := s.Emerging(ctx, municipality, EmergingQuery{})
	if err != nil {
		return nil, err
	}
	pattern := make(map[[2]int]string, len(emerging.Cells))
	for _, c := range emerging.Cells {
		pattern[[2]int{c.I, c.J}] = c.Pattern
	}
	n := len(hot.Cells)
	is, js, tickets, bins := make([]int32, n), make([]int32, n), make([]int32, n), make([]int16, n)
	zs, ps := make([]float64, n), make([]float64, n)
	shapes, patterns := make([]string, n), make([]*string, n)
	for k, c := range hot.Cells {
		is[k], js[k], tickets[k], bins[k] = int32(c.I), int32(c.J), int32(c.Tickets), int16(c.Bin)
		zs[k], ps[k], shapes[k] = c.Z, c.P, string(c.shape)
		if p, ok := pattern[[2]int{c.I, c.J}]; ok {
			patterns[k] = &p
		}
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM hotspot_hexagon WHERE municipality_id = $1`, municipality); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO hotspot_hexagon (municipality_id, i, j, geom, tickets, z, p, bin, pattern, period_from, period_to)
			SELECT $1, i, j, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(shape), 4326), 3857), n, z, p, bin, pattern, $10, $11
			FROM unnest($2::int[], $3::int[], $4::text[], $5::int[], $6::float8[], $7::float8[], $8::smallint[], $9::text[])
			     AS h (i, j, shape, n, z, p, bin, pattern)`,
			municipality, is, js, shapes, tickets, zs, ps, bins, patterns, hot.From, hot.To)
		return err
	})
	return hot, err
}

// hotspotRefresh is how often serve recomputes the stored hotspot map.
const hotspotRefresh = 15 * time.Minute

// RefreshHotspotMaps stores the hotspot map of every municipality now
// and every quarter of an hour until ctx ends.
func (s *Service) RefreshHotspotMaps(ctx context.Context, logger *slog.Logger) {
	t := time.NewTicker(hotspotRefresh)
	defer t.Stop()
	for {
		rows, err := s.pool.Query(ctx, `SELECT id FROM municipality ORDER BY id`)
		var ids []int
		if err == nil {
			ids, err = pgx.CollectRows(rows, pgx.RowTo[int])
		}
		for _, id := range ids {
			if _, err := s.StoreHotspotMap(ctx, id); err != nil && ctx.Err() == nil {
				logger.Warn("hotspot map not refreshed; the map shows the previous one", "municipality", id, "err", err)
			}
		}
		if err != nil && ctx.Err() == nil {
			logger.Warn("hotspot maps not refreshed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
