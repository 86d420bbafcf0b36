package analytics_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/bcrypt"

	"loket/internal/testdb"
)

// town is a small municipality to plant tickets in: a team, a parent
// category "roads" with the siblings pothole and pavement, and an
// unrelated street-light category; a staff member per role, password
// "secret".
type town struct {
	t    *testing.T
	pool *pgxpool.Pool
	cat  map[string]int
}

// here is the point the tickets are planted around (Kortrijk's Grote Markt).
const hereLon, hereLat = 3.2650, 50.8270

func newTown(t *testing.T) *town {
	t.Helper()
	pool := testdb.New(t)
	hash, err := bcrypt.GenerateFromPassword([]byte("secret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	w := &town{t: t, pool: pool, cat: map[string]int{}}
	w.exec(`INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix) VALUES (1, '99002', 'Testdorp', 'Testdorp', 'Testdorp', 'TST')`)
	w.exec(`INSERT INTO team (municipality_id, id, code, name_nl, name_fr, name_en) VALUES (1, 1, 'roads', 'Wegen', 'Voirie', 'Roads')`)
	for _, c := range []struct {
		id     int
		code   string
		parent any
	}{{1, "roads", nil}, {2, "pothole", 1}, {3, "pavement", 1}, {4, "street-light", nil}} {
		w.exec(`INSERT INTO category (municipality_id, id, code, parent_id, name_nl, name_fr, name_en, default_team_id)
			VALUES (1, $1, $2, $3, $2, $2, $2, 1)`, c.id, c.code, c.parent)
		w.cat[c.code] = c.id
	}
	for _, role := range []string{"agent", "staff", "field", "manager"} {
		w.exec(`INSERT INTO staff (municipality_id, name, email, roles, password_hash) VALUES (1, $1, $1 || '@test.example', ARRAY[$1], $2)`,
			role, string(hash))
	}
	return w
}

func (w *town) exec(sql string, args ...any) {
	w.t.Helper()
	if _, err := w.pool.Exec(context.Background(), sql, args...); err != nil {
		w.t.Fatalf("%s: %v", sql, err)
	}
}

// planted is a ticket to plant: east and north are metres from here.
type planted struct {
	ref, category string
	east, north   float64
	created       time.Time
	ended         time.Time // zero: still open
	status        string    // default assigned, or closed when ended
	description   string
	duplicateOf   int64
	addressID     int64
	unplaced      bool
	reporterEmail string
}

// lonLat turns metres from here into a position.
func lonLat(east, north float64) (lon, lat float64) {
	return hereLon + east/(111320*math.Cos(hereLat*math.Pi/180)), hereLat + north/111320
}

// plant writes a ticket and returns its id.
func (w *town) plant(p planted) int64 {
	w.t.Helper()
	status := p.status
	switch {
	case status != "":
	case p.ended.IsZero():
		status = "assigned"
	default:
		status = "closed"
	}
	var ended *time.Time
	if !p.ended.IsZero() {
		ended = &p.ended
	}
	lon, lat := lonLat(p.east, p.north)
	var id int64
	err := w.pool.QueryRow(context.Background(), `
		INSERT INTO ticket (municipality_id, reference, channel, category_id, status, description, geom, geocode_quality,
		                    address_id, duplicate_of, created_at, updated_at, closed_at, reporter_email, team_id)
		VALUES (1, $1, 'phone', $2, $3, $4, CASE WHEN $5 THEN NULL ELSE ST_SetSRID(ST_MakePoint($6, $7), 4326) END,
		        CASE WHEN $5 THEN 'none' ELSE 'point' END, $8, $9, $10::timestamptz, coalesce($11::timestamptz, $10::timestamptz), $11::timestamptz, $12, 1)
		RETURNING id`, p.ref, w.cat[p.category], status, p.description, p.unplaced, lon, lat,
		nonZero(p.addressID), nonZero(p.duplicateOf), p.created, ended, nonEmpty(p.reporterEmail)).Scan(&id)
	if err != nil {
		w.t.Fatalf("plant %s: %v", p.ref, err)
	}
	return id
}

// address adds a register address at east, north and returns its id.
func (w *town) address(east, north float64) int64 {
	w.t.Helper()
	lon, lat := lonLat(east, north)
	var id int64
	if err := w.pool.QueryRow(context.Background(), `
		INSERT INTO address (municipality_id, street_nl, house_number, postcode, geom)
		VALUES (1, 'Grote Markt', '12', '8500', ST_SetSRID(ST_MakePoint($1, $2), 4326)) RETURNING id`, lon, lat).Scan(&id); err != nil {
		w.t.Fatal(err)
	}
	return id
}

func nonZero(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
