package spikes

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/testdb"
)

func TestDaysAreCountedInTheMunicipalitysTimeZone(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	for _, sql := range []string{
		// The column may come with a later migration; the test needs it either way.
		`ALTER TABLE municipality ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'Europe/Brussels'`,
		`INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix, time_zone)
		 VALUES (1, '99999', 'Oost', 'Est', 'East', 'E', 'America/New_York')`,
		`INSERT INTO team (municipality_id, id, code, name_nl, name_fr, name_en) VALUES (1, 1, 'desk', 'Balie', 'Guichet', 'Desk')`,
		`INSERT INTO category (municipality_id, id, code, name_nl, name_fr, name_en, default_team_id)
		 VALUES (1, 1, 'noise', 'Lawaai', 'Bruit', 'Noise', 1)`,
		// 03:00 UTC: 22:00 the day before in New York, 04:00 in Brussels.
		`INSERT INTO ticket (municipality_id, reference, channel, category_id, created_at, updated_at)
		 VALUES (1, 'E-1', 'web', 1, '2026-03-10T03:00:00Z', '2026-03-10T03:00:00Z')`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	s := New(pool)
	countedOn := func() (string, time.Time) {
		t.Helper()
		var zone string
		var cells []cell
		err := s.read(ctx, func(tx pgx.Tx) error {
			c, err := readCity(ctx, tx, 1)
			if err != nil {
				return err
			}
			zone = c.zone
			cells, err = readCounts(ctx, tx, pool, &scope{municipality: 1}, zone, date(2026, 3, 1), date(2026, 3, 31))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(cells) != 1 || cells[0].n != 1 {
			t.Fatalf("in %s: cells %+v, want the one ticket", zone, cells)
		}
		return zone, cells[0].day
	}
	if zone, day := countedOn(); zone != "America/New_York" || !day.Equal(date(2026, 3, 9)) {
		t.Errorf("counted in %s on %s, want America/New_York on 2026-03-09", zone, day.Format(time.DateOnly))
	}
	if _, err := pool.Exec(ctx, `ALTER TABLE municipality DROP COLUMN time_zone`); err != nil {
		t.Fatal(err)
	}
	if zone, day := countedOn(); zone != "Europe/Brussels" || !day.Equal(date(2026, 3, 10)) {
		t.Errorf("without a time_zone column: counted in %s on %s, want Europe/Brussels on 2026-03-10", zone, day.Format(time.DateOnly))
	}
}
