package seed

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/bcrypt"

	"loket/internal/testdb"
)

var testUntil = time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC)

// queryInt runs a query returning one number.
func queryInt(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
	return n
}

func queryFloat(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) float64 {
	t.Helper()
	var f float64
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&f); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
	return f
}

func inRange(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %v, want between %v and %v", what, got, lo, hi)
	}
}

// TestDemoCity seeds the default demo city once and checks it from every side.
func TestDemoCity(t *testing.T) {
	pool := testdb.New(t)
	rep, err := Run(context.Background(), pool, Options{Seed: 1, Until: testUntil})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("report: %+v", rep)

	t.Run("counts", func(t *testing.T) {
		inRange(t, "addresses", float64(queryInt(t, pool, `SELECT count(*) FROM address`)), 36_000, 44_000)
		inRange(t, "residents", float64(queryInt(t, pool, `SELECT count(*) FROM resident`)), 75_000, 79_000)
		inRange(t, "staff", float64(queryInt(t, pool, `SELECT count(*) FROM staff`)), 60, 120)
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket`); n != 45_000 || rep.Tickets != n {
			t.Errorf("tickets = %d (report %d), want 45000", n, rep.Tickets)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket_event`); n != rep.Events || n < 4*45_000 {
			t.Errorf("events = %d (report %d), want at least 4 per ticket", n, rep.Events)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM neighbourhood WHERE name NOT LIKE '%(%' AND code ~ '^34022W[A-N]$'`); n != 14 {
			t.Errorf("neighbourhoods = %d, want 14 named without the municipality", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM municipality WHERE id = 1 AND nis_code = '34022'
			AND ticket_prefix = '1777' AND local_srid = 31370 AND ST_GeometryType(boundary) = 'ST_MultiPolygon'`); n != 1 {
			t.Error("municipality row is not the Kortrijk demo city")
		}
	})

	t.Run("indexes and sequences restored", func(t *testing.T) {
		// The load drops indexes and keys and builds them again: the same
		// ones as a freshly migrated database has.
		fresh := testdb.New(t)
		for _, q := range []string{
			`SELECT count(*) FROM pg_indexes WHERE tablename = 'ticket'`,
			`SELECT count(*) FROM pg_indexes WHERE tablename = 'ticket_event'`,
			`SELECT count(*) FROM pg_constraint WHERE conrelid = 'ticket'::regclass AND contype IN ('p', 'u')`,
		} {
			if got, want := queryInt(t, pool, q), queryInt(t, fresh, q); got != want || want < 2 {
				t.Errorf("%s: %d after the seed, %d in the schema", q, got, want)
			}
		}
		for _, tab := range []string{"address", "resident", "staff", "category", "ticket", "ticket_event"} {
			if queryInt(t, pool, `SELECT (nextval(pg_get_serial_sequence('`+tab+`', 'id')) > (SELECT max(id) FROM `+tab+`))::int`) != 1 {
				t.Errorf("sequence of %s is behind its ids", tab)
			}
		}
	})

	t.Run("addresses in the city and one neighbourhood", func(t *testing.T) {
		if n := queryInt(t, pool, `
			SELECT count(*) FROM address a, municipality m
			WHERE NOT ST_Within(a.geom, m.boundary)
			   OR (SELECT count(*) FROM neighbourhood n WHERE ST_Within(a.geom, n.geom)) <> 1
			   OR NOT EXISTS (SELECT 1 FROM neighbourhood n WHERE n.id = a.neighbourhood_id AND ST_Within(a.geom, n.geom))`); n != 0 {
			t.Errorf("%d addresses outside the city or not in exactly their one neighbourhood", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM address WHERE postcode NOT IN ('8500', '8501', '8510', '8511')`); n != 0 {
			t.Errorf("%d addresses with a postcode outside Kortrijk", n)
		}
		if n := queryInt(t, pool, `SELECT count(DISTINCT postcode) FROM address`); n != 4 {
			t.Errorf("%d postcodes, want 4", n)
		}
		// Odd numbers on one side, even on the other: per street both exist.
		if n := queryInt(t, pool, `SELECT count(*) FROM (SELECT street_nl FROM address GROUP BY street_nl
			HAVING count(*) > 20 AND (count(*) FILTER (WHERE (regexp_replace(house_number, '\D', '', 'g'))::int % 2 = 0) = 0
			                          OR count(*) FILTER (WHERE (regexp_replace(house_number, '\D', '', 'g'))::int % 2 = 1) = 0)) s`); n != 0 {
			t.Errorf("%d streets lack odd or even numbers", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM address a JOIN neighbourhood n ON n.id = a.neighbourhood_id
			WHERE a.box <> '' AND n.name = 'Kortrijk Centrum'`); n < 1000 {
			t.Errorf("only %d flats (boxes) in the centre", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM address WHERE street_nl = 'Meensesteenweg' AND street_fr = 'Chaussée de Menin'`); n == 0 {
			t.Error("Meensesteenweg has no French name")
		}
		if n := queryInt(t, pool, `SELECT count(DISTINCT street_nl) FROM address WHERE street_fr IS NOT NULL`); n > 25 {
			t.Errorf("%d streets with a French name: exonyms should be rare", n)
		}
	})

	t.Run("tickets in the city and one neighbourhood", func(t *testing.T) {
		if n := queryInt(t, pool, `
			SELECT count(*) FROM ticket t, municipality m
			WHERE t.geom IS NULL OR NOT ST_Within(t.geom, m.boundary)
			   OR (SELECT count(*) FROM neighbourhood n WHERE ST_Within(t.geom, n.geom)) <> 1
			   OR NOT EXISTS (SELECT 1 FROM neighbourhood n WHERE n.id = t.neighbourhood_id AND ST_Within(t.geom, n.geom))`); n != 0 {
			t.Errorf("%d tickets outside the city or not in exactly their one neighbourhood", n)
		}
		inRange(t, "share geocoded to an address",
			queryFloat(t, pool, `SELECT avg((geocode_quality = 'address' AND address_id IS NOT NULL)::int) FROM ticket`), 0.6, 0.95)
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket t JOIN address a ON a.id = t.address_id
			WHERE t.geocode_quality = 'address' AND NOT ST_Equals(t.geom, a.geom)`); n != 0 {
			t.Errorf("%d address-geocoded tickets not on their address", n)
		}
	})

	t.Run("national numbers valid", func(t *testing.T) {
		if n := queryInt(t, pool, `
			SELECT count(*) FROM resident
			WHERE left(national_number, 6) <> to_char(birth_date, 'YYMMDD')
			   OR right(national_number, 2)::int <> 97 - ((CASE WHEN birth_date >= '2000-01-01' THEN 2000000000 ELSE 0 END
			                                              + left(national_number, 9)::bigint) % 97)
			   OR substr(national_number, 7, 3)::int NOT BETWEEN 1 AND 998`); n != 0 {
			t.Errorf("%d invalid national numbers", n)
		}
		inRange(t, "share born from 2000", queryFloat(t, pool, `SELECT avg((birth_date >= '2000-01-01')::int) FROM resident`), 0.15, 0.35)
		inRange(t, "share aged 65+", queryFloat(t, pool, `SELECT avg((birth_date < '2026-01-27'::date - interval '65 years')::int) FROM resident`), 0.12, 0.32)
		inRange(t, "share speaking nl", queryFloat(t, pool, `SELECT avg((language = 'nl')::int) FROM resident`), 0.85, 0.97)
		if n := queryInt(t, pool, `SELECT count(*) FROM (SELECT address_id FROM resident GROUP BY address_id HAVING count(*) > 5) s`); n != 0 {
			t.Errorf("%d households larger than 5", n)
		}
	})

	t.Run("channel mix", func(t *testing.T) {
		real := map[string]float64{"phone": 45, "email": 27, "web": 16, "app": 10, "desk": 2}
		rows, err := pool.Query(context.Background(), `SELECT channel, 100.0 * count(*) / sum(count(*)) OVER () FROM ticket GROUP BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		seen := 0
		for rows.Next() {
			var ch string
			var pct float64
			if err := rows.Scan(&ch, &pct); err != nil {
				t.Fatal(err)
			}
			seen++
			if d := pct - real[ch]; d > 3 || d < -3 {
				t.Errorf("channel %s: %.1f %%, real %.0f %%", ch, pct, real[ch])
			}
		}
		if seen != len(real) {
			t.Errorf("%d channels, want %d", seen, len(real))
		}
	})

	t.Run("category frequencies", func(t *testing.T) {
		share := func(codes string) float64 {
			return queryFloat(t, pool, `SELECT avg((c.code = ANY(string_to_array($1, ',')) OR coalesce(p.code = ANY(string_to_array($1, ',')), false))::int)
				FROM ticket t JOIN category c ON c.id = t.category_id LEFT JOIN category p ON p.id = c.parent_id`, codes)
		}
		inRange(t, "waste collection", share("afvalophaling"), 0.15, 0.24)
		inRange(t, "illegal dumping", share("sluikstort"), 0.09, 0.15)
		inRange(t, "street furniture", share("straatmeubilair"), 0.06, 0.11)
		inRange(t, "flooding", share("wateroverlast"), 0.005, 0.03)
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket t JOIN category c ON c.id = t.category_id
			WHERE EXISTS (SELECT 1 FROM category k WHERE k.parent_id = c.id)`); n != 0 {
			t.Errorf("%d tickets on a parent category", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM category WHERE code !~ '^[a-z0-9-]+$' OR name_fr = '' OR name_en = ''`); n != 0 {
			t.Errorf("%d categories with a bad code or missing name", n)
		}
	})

	t.Run("seasons and weather", func(t *testing.T) {
		inRange(t, "fallen leaves in Oct-Dec", queryFloat(t, pool, `SELECT avg((extract(month FROM t.created_at) BETWEEN 10 AND 12)::int)
			FROM ticket t JOIN category c ON c.id = t.category_id WHERE c.code = 'bladval'`), 0.7, 1)
		inRange(t, "gritting on frost or snow days", queryFloat(t, pool, `SELECT avg((w.frost_day OR w.snow_cm > 0)::int)
			FROM ticket t JOIN category c ON c.id = t.category_id
			JOIN weather_daily w ON w.day = (t.created_at AT TIME ZONE 'Europe/Brussels')::date
			WHERE c.code = 'gladheidsbestrijding'`), 0.8, 1)
		// Flooding per day after heavy rain (same or previous day) against other days.
		ratio := queryFloat(t, pool, `
			WITH f AS (
				SELECT (t.created_at AT TIME ZONE 'Europe/Brussels')::date AS day, count(*) AS n
				FROM ticket t JOIN category c ON c.id = t.category_id WHERE c.code = 'water-in-kelder' GROUP BY 1),
			d AS (
				SELECT w.day, w.heavy_rain OR coalesce(lag(w.heavy_rain) OVER (ORDER BY w.day), false) AS wet,
				       coalesce(f.n, 0) AS n
				FROM weather_daily w LEFT JOIN f ON f.day = w.day)
			SELECT (avg(n) FILTER (WHERE wet)) / nullif(avg(n) FILTER (WHERE NOT wet), 0) FROM d WHERE day >= '2023-01-28'`)
		inRange(t, "flooding rate after heavy rain / other days", ratio, 3, 1000)
		inRange(t, "dumping summer / winter", queryFloat(t, pool, `
			SELECT (count(*) FILTER (WHERE extract(month FROM created_at) IN (6, 7, 8)))::float
			     / (count(*) FILTER (WHERE extract(month FROM created_at) IN (12, 1, 2)))
			FROM ticket t JOIN category c ON c.id = t.category_id WHERE c.code = 'sluikstort'`), 1.3, 3)
		inRange(t, "weekend / weekday tickets per day", queryFloat(t, pool, `
			SELECT (count(*) FILTER (WHERE extract(isodow FROM created_at AT TIME ZONE 'Europe/Brussels') >= 6) / 2.0)
			     / (count(*) FILTER (WHERE extract(isodow FROM created_at AT TIME ZONE 'Europe/Brussels') < 6) / 5.0)
			FROM ticket`), 0.15, 0.6)
		inRange(t, "frost days per year", queryFloat(t, pool, `SELECT count(*) FILTER (WHERE frost_day) / 3.0 FROM weather_daily`), 25, 65)
		inRange(t, "share of wet days", queryFloat(t, pool, `SELECT avg((precip_mm > 0)::int) FROM weather_daily`), 0.4, 0.6)
		inRange(t, "heavy rain days per year", queryFloat(t, pool, `SELECT count(*) FILTER (WHERE heavy_rain) / 3.0 FROM weather_daily`), 8, 45)
		inRange(t, "precipitation per year (mm)", queryFloat(t, pool, `SELECT sum(precip_mm) / 3.0 FROM weather_daily`), 650, 1050)
		inRange(t, "July minus January mean temperature", queryFloat(t, pool, `
			SELECT avg(temp_mean_c) FILTER (WHERE extract(month FROM day) = 7) - avg(temp_mean_c) FILTER (WHERE extract(month FROM day) = 1)
			FROM weather_daily`), 10, 20)
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM weather_daily w
			WHERE w.day = (t.created_at AT TIME ZONE 'Europe/Brussels')::date AND w.source = 'synthetic')`); n != 0 {
			t.Errorf("%d tickets on days without weather", n)
		}
	})

	t.Run("references", func(t *testing.T) {
		if n := queryInt(t, pool, `
			SELECT count(*) FROM (
				SELECT reference, created_at, id,
				       row_number() OVER (PARTITION BY extract(year FROM created_at AT TIME ZONE 'Europe/Brussels') ORDER BY id) AS rn
				FROM ticket) s
			WHERE reference !~ '^1777-[0-9]{4}-[0-9]{6,}$'
			   OR split_part(reference, '-', 2)::int <> extract(year FROM created_at AT TIME ZONE 'Europe/Brussels')
			   OR split_part(reference, '-', 3)::int <> rn`); n != 0 {
			t.Errorf("%d references malformed or not numbered per year in creation order", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket a JOIN ticket b ON b.id = a.id + 1 WHERE b.created_at < a.created_at`); n != 0 {
			t.Errorf("%d tickets created before their predecessor", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket_counter c WHERE c.last_value <> (SELECT max(split_part(reference, '-', 3)::int)
			FROM ticket WHERE split_part(reference, '-', 2)::int = c.year)`); n != 0 || queryInt(t, pool, `SELECT count(*) FROM ticket_counter`) != 4 {
			t.Error("ticket_counter does not hold the last reference number of each year")
		}
	})

	t.Run("lifecycle consistent", func(t *testing.T) {
		if n := queryInt(t, pool, `
			WITH e AS (
				SELECT e.*, row_number() OVER (PARTITION BY ticket_id ORDER BY created_at, id) AS rn
				FROM ticket_event e)
			SELECT count(*) FROM e JOIN ticket t ON t.id = e.ticket_id
			WHERE e.created_at < t.created_at
			   OR (e.rn = 1) <> (e.kind = 'created')
			   OR (e.kind = 'created' AND (e.to_status <> 'new' OR e.from_status IS NOT NULL))`); n != 0 {
			t.Errorf("%d events out of place (before the ticket, or 'created' not first)", n)
		}
		// Status changes chain: each from_status is the previous to_status.
		if n := queryInt(t, pool, `
			SELECT count(*) FROM (
				SELECT from_status, lag(to_status) OVER (PARTITION BY ticket_id ORDER BY created_at, id) AS prev, kind
				FROM ticket_event WHERE to_status IS NOT NULL) s
			WHERE kind <> 'created' AND from_status IS DISTINCT FROM prev`); n != 0 {
			t.Errorf("%d status changes that do not start where the previous one ended", n)
		}
		if n := queryInt(t, pool, `
			WITH agg AS (
				SELECT ticket_id, count(*) AS n, max(created_at) AS at,
				       (array_agg(to_status ORDER BY created_at DESC, id DESC) FILTER (WHERE to_status IS NOT NULL))[1] AS last
				FROM ticket_event GROUP BY ticket_id)
			SELECT count(*) FROM ticket t LEFT JOIN agg ON agg.ticket_id = t.id
			WHERE agg.last IS DISTINCT FROM t.status OR agg.n IS DISTINCT FROM t.version OR agg.at IS DISTINCT FROM t.updated_at`); n != 0 {
			t.Errorf("%d tickets whose status, version or updated_at disagree with their events", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket WHERE
			   (status IN ('assigned', 'in_progress', 'waiting', 'resolved', 'closed')) <> (assignee_id IS NOT NULL)
			OR (status IN ('resolved', 'closed')) <> (resolved_at IS NOT NULL)
			OR (status IN ('closed', 'rejected', 'duplicate')) <> (closed_at IS NOT NULL)
			OR (status = 'waiting' AND waiting_on = 'planning' AND planned_for IS NULL)
			OR resolved_at > closed_at`); n != 0 {
			t.Errorf("%d tickets whose assignee or timestamps disagree with their status", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket t JOIN category c ON c.id = t.category_id
			WHERE t.due_at <> t.created_at + c.target_days * interval '1 day'`); n != 0 {
			t.Errorf("%d tickets with due_at other than created + target days", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket t JOIN category c ON c.id = t.category_id
			JOIN team ct ON ct.id = c.default_team_id JOIN team tt ON tt.id = t.team_id
			WHERE tt.id <> ct.id AND NOT (ct.code = 'groen-noord' AND tt.code = 'groen-zuid')`); n != 0 {
			t.Errorf("%d tickets not with their category's team", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket t JOIN staff s ON s.id = t.assignee_id WHERE s.team_id <> t.team_id`); n != 0 {
			t.Errorf("%d tickets assigned outside their team", n)
		}
		inRange(t, "closed share of tickets older than a year", queryFloat(t, pool, `
			SELECT avg((status IN ('closed', 'rejected', 'duplicate'))::int) FROM ticket WHERE created_at < '2025-01-27'`), 0.9, 1)
		if n := queryInt(t, pool, `SELECT count(DISTINCT status) FROM ticket WHERE created_at > '2026-01-13'
			AND status IN ('new', 'triaged', 'assigned', 'in_progress', 'waiting', 'resolved')`); n != 6 {
			t.Errorf("recent tickets span %d open states, want all 6", n)
		}
		for _, s := range []string{"rejected", "duplicate", "waiting"} {
			if queryInt(t, pool, `SELECT count(*) FROM ticket WHERE status = $1`, s) == 0 {
				t.Errorf("no %s tickets", s)
			}
		}
		for _, k := range []string{"assignment", "public_reply", "internal_note", "planning", "merge", "citizen_comment"} {
			if queryInt(t, pool, `SELECT count(*) FROM ticket_event WHERE kind = $1`, k) == 0 {
				t.Errorf("no %s events", k)
			}
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket WHERE status = 'waiting' AND waiting_on = 'planning'
			AND planned_for > (created_at AT TIME ZONE 'Europe/Brussels')::date + 150`); n == 0 {
			t.Error("no work planned six months or more ahead")
		}
	})

	t.Run("duplicates", func(t *testing.T) {
		if queryInt(t, pool, `SELECT count(*) FROM ticket WHERE status = 'duplicate'`) < 200 {
			t.Error("too few duplicates")
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket d JOIN ticket o ON o.id = d.duplicate_of
			WHERE o.category_id <> d.category_id OR o.created_at >= d.created_at
			   OR d.created_at > o.created_at + interval '4 days'
			   OR NOT ST_DWithin(o.geom::geography, d.geom::geography, 120)`); n != 0 {
			t.Errorf("%d duplicates not of the same thing, nearby, within days", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket WHERE duplicate_of IS NOT NULL AND category_id NOT IN
			(SELECT id FROM category WHERE code IN ('openbare-verlichting', 'sluikstort', 'putten-verzakkingen', 'bladval', 'rioolkolken', 'gladheidsbestrijding'))`); n != 0 {
			t.Errorf("%d duplicates in categories nobody reports twice", n)
		}
	})

	t.Run("reporters", func(t *testing.T) {
		inRange(t, "phone tickets by a registered resident", queryFloat(t, pool, `
			SELECT avg((reporter_resident_id IS NOT NULL)::int) FROM ticket WHERE channel = 'phone'`), 0.75, 0.95)
		inRange(t, "anonymous app tickets", queryFloat(t, pool, `
			SELECT avg((reporter_name IS NULL AND reporter_email IS NULL AND reporter_resident_id IS NULL)::int) FROM ticket WHERE channel = 'app'`), 0.2, 0.4)
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket t JOIN resident r ON r.id = t.reporter_resident_id
			WHERE t.reporter_name <> r.first_name || ' ' || r.last_name OR r.birth_date > '2008-01-27'`); n != 0 {
			t.Errorf("%d tickets whose reporter does not match the register, or is a child", n)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket WHERE length(description) < 20`); n != 0 {
			t.Errorf("%d tickets without a real description", n)
		}
	})

	t.Run("demo logins", func(t *testing.T) {
		for _, l := range DemoLogins {
			var hash string
			var roles []string
			err := pool.QueryRow(context.Background(), `SELECT password_hash, roles FROM staff WHERE email = $1`, l.Email).Scan(&hash, &roles)
			if err != nil {
				t.Fatalf("%s: %v", l.Email, err)
			}
			if bcrypt.CompareHashAndPassword([]byte(hash), []byte(l.Password)) != nil {
				t.Errorf("%s: password %q does not match", l.Email, l.Password)
			}
			if strings.Join(roles, ",") != l.Role {
				t.Errorf("%s: roles %v, want %s", l.Email, roles, l.Role)
			}
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM staff WHERE email NOT LIKE '%@kortrijk.be' AND email NOT LIKE '%@kortrijk.demo'`); n != 0 {
			t.Errorf("%d staff without a city address", n)
		}
		var hash string
		var tickets int
		err := pool.QueryRow(context.Background(), `SELECT c.password_hash, (SELECT count(*) FROM ticket t WHERE t.reporter_resident_id = c.resident_id)
			FROM citizen c WHERE c.email = $1 AND c.email_verified_at IS NOT NULL`, DemoCitizen.Email).Scan(&hash, &tickets)
		if err != nil {
			t.Fatalf("demo citizen %s: %v", DemoCitizen.Email, err)
		}
		if bcrypt.CompareHashAndPassword([]byte(hash), []byte(DemoCitizen.Password)) != nil || tickets < 2 {
			t.Errorf("demo citizen: password matches %v, %d tickets; want a match and several tickets", bcrypt.CompareHashAndPassword([]byte(hash), []byte(DemoCitizen.Password)) == nil, tickets)
		}
	})
}

func checksum(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var s string
	err := pool.QueryRow(context.Background(), `SELECT md5(
		(SELECT string_agg(concat_ws('|', id, reference, channel, category_id, status, waiting_on, priority, description,
			ST_AsText(geom), address_id, address_text, reporter_resident_id, reporter_name, reporter_email, reporter_phone,
			team_id, assignee_id, duplicate_of, created_at, updated_at, planned_for, closed_at, version), ',' ORDER BY id) FROM ticket) ||
		(SELECT string_agg(concat_ws('|', id, ticket_id, kind, author_staff_id, to_status, body, data::text, created_at), ',' ORDER BY id) FROM ticket_event) ||
		(SELECT string_agg(concat_ws('|', id, national_number, first_name, last_name, address_id, email), ',' ORDER BY id) FROM resident) ||
		(SELECT string_agg(concat_ws('|', id, street_nl, house_number, box, ST_AsText(geom)), ',' ORDER BY id) FROM address) ||
		(SELECT string_agg(concat_ws('|', day, temp_min_c, precip_mm), ',' ORDER BY day) FROM weather_daily))`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDeterministic(t *testing.T) {
	pool := testdb.New(t)
	run := func(seed int64) string {
		t.Helper()
		if _, err := Run(context.Background(), pool, Options{Seed: seed, Until: testUntil, Tickets: 4000}); err != nil {
			t.Fatal(err)
		}
		if n := queryInt(t, pool, `SELECT count(*) FROM ticket`); n != 4000 {
			t.Fatalf("tickets = %d, want the 4000 asked for", n)
		}
		return checksum(t, pool)
	}
	a, b, c := run(42), run(42), run(43)
	if a != b {
		t.Errorf("same seed, different data: %s vs %s", a, b)
	}
	if a == c {
		t.Error("different seeds, same data")
	}
}

func TestRefusesForeignMunicipality(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	if _, err := Run(ctx, pool, Options{Seed: 5, Until: testUntil, Tickets: 500, Years: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (2, '11002', 'Antwerpen', 'Anvers', 'Antwerp', 'ANT')`); err != nil {
		t.Fatal(err)
	}
	_, err := Run(ctx, pool, Options{Seed: 6, Until: testUntil, Tickets: 100})
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("Run with a foreign municipality present: err = %v, want a refusal", err)
	}
	if n := queryInt(t, pool, `SELECT count(*) FROM ticket`); n != 500 {
		t.Errorf("after the refusal %d tickets, want the 500 left untouched", n)
	}
	if n := queryInt(t, pool, `SELECT count(*) FROM municipality`); n != 2 {
		t.Errorf("after the refusal %d municipalities, want 2", n)
	}
}

func TestCompleteOnlyAfterAFinishedSeed(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	if done, err := Complete(ctx, pool); err != nil || done {
		t.Fatalf("Complete on an empty database = %v, %v; want false", done, err)
	}
	if _, err := Run(ctx, pool, Options{Seed: 8, Until: testUntil, Tickets: 300, Years: 1}); err != nil {
		t.Fatal(err)
	}
	if done, err := Complete(ctx, pool); err != nil || !done {
		t.Fatalf("Complete after Run = %v, %v; want true", done, err)
	}
	// A seed stopped before its last step leaves no counters behind.
	if _, err := pool.Exec(ctx, `DELETE FROM ticket_counter`); err != nil {
		t.Fatal(err)
	}
	if done, _ := Complete(ctx, pool); done {
		t.Fatal("Complete without counters = true; an interrupted seed would be reused")
	}
}

func TestNationalNumber(t *testing.T) {
	// Worked examples: 85.07.30-033.28 (a man born 1985) and a girl born 2005.
	if got := natnum(1985, 7, 30, 33); got != "85073003328" {
		t.Errorf("natnum(1985-07-30, 033) = %s, want 85073003328", got)
	}
	if got := natnum(2005, 1, 2, 2); got != "05010200279" {
		t.Errorf("natnum(2005-01-02, 002) = %s, want 05010200279", got)
	}
}
