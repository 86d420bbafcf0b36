package geo

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

type fixture struct {
	id                      int64
	street, fr, number, box string
	postcode                string
	lon, lat                float64
}

// addressWhere picks one address of the demo city by a SQL condition.
func addressWhere(t *testing.T, cond string) fixture {
	t.Helper()
	var f fixture
	err := demoCity(t).QueryRow(context.Background(), `
		SELECT id, street_nl, coalesce(street_fr, ''), house_number, box, postcode, ST_X(geom), ST_Y(geom)
		FROM address a WHERE `+cond+` ORDER BY id LIMIT 1`).Scan(
		&f.id, &f.street, &f.fr, &f.number, &f.box, &f.postcode, &f.lon, &f.lat)
	if err != nil {
		t.Fatalf("no address where %s: %v", cond, err)
	}
	return f
}

func geocode(t *testing.T, q string) []Candidate {
	t.Helper()
	cs, err := NewGeocoder(demoCity(t)).Geocode(context.Background(), 1, q, 5)
	if err != nil {
		t.Fatalf("Geocode(%q): %v", q, err)
	}
	return cs
}

func TestAnAddressIsFoundWhicheverWayItIsWritten(t *testing.T) {
	a := addressWhere(t, `street_nl = 'Leiestraat' AND box = '' AND house_number ~ '^[0-9]+$'`)
	for _, q := range []string{
		"Leiestraat " + a.number + " " + a.postcode + " Kortrijk",
		"leiestraat " + a.number,
		"Rue de la Lys " + a.number + " " + a.postcode + " Courtrai",
		a.number + " r. de la lys",
		"Leiestr. " + a.number,
		"Leistraat " + a.number + ", " + a.postcode,
		"LEIESTRAAT " + a.number + " KORTRIJK",
	} {
		t.Run(q, func(t *testing.T) {
			cs := geocode(t, q)
			if len(cs) == 0 {
				t.Fatal("no candidate")
			}
			c := cs[0]
			if c.Quality != QualityAddress || c.AddressID != a.id || c.StreetNL != "Leiestraat" || c.StreetFR != "Rue de la Lys" {
				t.Errorf("got %+v, want address %d", c, a.id)
			}
			if c.Score <= 0 || c.Score > 1 {
				t.Errorf("score %v outside (0, 1]", c.Score)
			}
			if c.Neighbourhood == nil || c.Neighbourhood.Code == "" {
				t.Errorf("no neighbourhood on %+v", c)
			}
		})
	}
}

func TestABoxIsFoundAsItsOwnAddress(t *testing.T) {
	a := addressWhere(t, `box = '3' AND house_number ~ '^[0-9]+$'`)
	for _, q := range []string{a.street + " " + a.number + " bus 3", a.street + " " + a.number + "/3 " + a.postcode} {
		cs := geocode(t, q)
		if len(cs) == 0 || cs[0].AddressID != a.id || cs[0].Box != "3" {
			t.Errorf("%q: got %+v, want address %d", q, cs, a.id)
		}
	}
}

func TestAMissingNumberIsPlacedBetweenItsNeighbours(t *testing.T) {
	// n-2 and n+2 exist on the same side, n does not.
	lo := addressWhere(t, `house_number ~ '^[0-9]+$' AND box IN ('', '1')
		AND EXISTS (SELECT 1 FROM address b WHERE b.street_nl = a.street_nl AND b.postcode = a.postcode
		            AND b.house_number = (a.house_number::int + 4)::text)
		AND NOT EXISTS (SELECT 1 FROM address b WHERE b.street_nl = a.street_nl
		            AND b.house_number ~ ('^' || (a.house_number::int + 2)::text || '([^0-9]|$)'))`)
	hi := addressWhere(t, `street_nl = '`+strings.ReplaceAll(lo.street, "'", "''")+`' AND postcode = '`+lo.postcode+
		`' AND house_number = '`+strconv.Itoa(houseNumber(lo.number)+4)+`'`)
	cs := geocode(t, lo.street+" "+strconv.Itoa(houseNumber(lo.number)+2)+" "+lo.postcode)
	if len(cs) == 0 || cs[0].Quality != QualityInterpolated || cs[0].AddressID != 0 {
		t.Fatalf("got %+v, want an interpolated candidate", cs)
	}
	c := cs[0]
	span := metresBetween(lo.lon, lo.lat, hi.lon, hi.lat)
	via := metresBetween(lo.lon, lo.lat, c.Lon, c.Lat) + metresBetween(c.Lon, c.Lat, hi.lon, hi.lat)
	if via-span > 0.01 || metresBetween(lo.lon, lo.lat, c.Lon, c.Lat) < span/4 {
		t.Errorf("point %v,%v is not midway between %v,%v and %v,%v", c.Lon, c.Lat, lo.lon, lo.lat, hi.lon, hi.lat)
	}
}

func TestAStreetWithoutNumberIsPlacedOnTheStreet(t *testing.T) {
	cs := geocode(t, "Faubourg de Tournai")
	if len(cs) == 0 || cs[0].Quality != QualityStreet || cs[0].StreetNL != "Doorniksewijk" {
		t.Fatalf("got %+v", cs)
	}
	a := addressWhere(t, `street_nl = 'Doorniksewijk'`)
	if d := metresBetween(a.lon, a.lat, cs[0].Lon, cs[0].Lat); d > 2000 {
		t.Errorf("street point %.0f m from one of its addresses", d)
	}
}

func TestAFormerMunicipalityIsANeighbourhood(t *testing.T) {
	cs := geocode(t, "Heule")
	if len(cs) == 0 || cs[0].Quality != QualityNeighbourhood || !strings.Contains(cs[0].Neighbourhood.Name, "Heule") {
		t.Fatalf("got %+v", cs)
	}
}

func TestNonsenseFindsNothing(t *testing.T) {
	if cs := geocode(t, "qxzvy wwkkj 42"); len(cs) != 0 {
		t.Errorf("got %+v", cs)
	}
}

func TestBadQueriesAreRefusedWithAReason(t *testing.T) {
	g := NewGeocoder(demoCity(t))
	for name, tc := range map[string]struct {
		q     string
		limit int
	}{
		"empty":         {"", 5},
		"only spaces":   {"  ,. ", 5},
		"too long":      {strings.Repeat("a", 201), 5},
		"limit zero":    {"Leiestraat", 0},
		"limit too big": {"Leiestraat", 21},
	} {
		_, err := g.Geocode(context.Background(), 1, tc.q, tc.limit)
		if errs.KindOf(err) != errs.Invalid || errs.MessageOf(err) == "" {
			t.Errorf("%s: got %v, want invalid", name, err)
		}
	}
}

func TestTheHouseNumberSearchKeepsOneGenericPlan(t *testing.T) {
	ctx := context.Background()
	cfg := demoCity(t).Config()
	cfg.MaxConns = 1 // every search on the connection asked afterwards
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	g := NewGeocoder(pool)
	rows, err := pool.Query(ctx, `SELECT DISTINCT ON (street_nl) street_nl, house_number FROM address
		WHERE house_number ~ '^[0-9]+$' ORDER BY street_nl, id LIMIT 8`)
	if err != nil {
		t.Fatal(err)
	}
	var queries []string
	for rows.Next() {
		var street, number string
		if err := rows.Scan(&street, &number); err != nil {
			t.Fatal(err)
		}
		queries = append(queries, street+" "+number)
	}
	if rows.Err() != nil || len(queries) < 8 {
		t.Fatalf("%d streets with numbers: %v", len(queries), rows.Err())
	}
	for _, q := range queries {
		if cs, err := g.Geocode(ctx, 1, q, 1); err != nil || len(cs) == 0 || cs[0].Quality != QualityAddress {
			t.Fatalf("Geocode(%q) = %+v, %v; want the address", q, cs, err)
		}
	}
	// Left to itself the planner makes five custom plans before it even
	// weighs the generic one.
	var generic, custom int
	if err := pool.QueryRow(ctx, `SELECT generic_plans, custom_plans FROM pg_prepared_statements
		WHERE ltrim(statement, E' \t\n') LIKE 'SELECT a.id, a.street_nl, a.house_number%'`).Scan(&generic, &custom); err != nil {
		t.Fatal(err)
	}
	if custom != 0 || generic < len(queries) {
		t.Errorf("%d generic and %d custom plans for %d searches; want only generic ones", generic, custom, len(queries))
	}
}
