package geo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// spot is a WGS84 point inside a Kortrijk neighbourhood, with the same
// point in Lambert 72 and Lambert 2008 as PostGIS computes them.
type spot struct {
	code               string
	lon, lat           float64
	x72, y72, x08, y08 float64
}

func spots(t *testing.T, pool *pgxpool.Pool) []spot {
	t.Helper()
	rows, err := pool.Query(context.Background(), `
		SELECT code, ST_X(p), ST_Y(p),
		       ST_X(ST_Transform(p, 31370)), ST_Y(ST_Transform(p, 31370)),
		       ST_X(ST_Transform(p, 3812)), ST_Y(ST_Transform(p, 3812))
		FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM neighbourhood ORDER BY code LIMIT 3) s`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []spot
	for rows.Next() {
		var s spot
		if err := rows.Scan(&s.code, &s.lon, &s.lat, &s.x72, &s.y72, &s.x08, &s.y08); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestAddressesInLambert72Lambert2008AndWGS84LandWithinAMetre(t *testing.T) {
	pool := importedKortrijk(t)
	s := spots(t, pool)
	csv := "STREET_NL;street_fr;house_number;box;postcode;x;y;srid;lon;lat;address_id\n" +
		fmt.Sprintf("Grote Markt;Grand-Place;1;;8500;%.3f;%.3f;31370;;;A1\n", s[0].x72, s[0].y72) +
		fmt.Sprintf("Grote Markt;Grand-Place;2;b;8500;%.3f;%.3f;3812;;;A2\n", s[1].x08, s[1].y08) +
		fmt.Sprintf("Grote Markt;Grand-Place;3;;8500;;;;%.7f;%.7f;A3\n", s[2].lon, s[2].lat)
	rep, err := importAddressText(t, pool, csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Inserted != 3 || len(rep.Rejected) != 0 {
		t.Fatalf("report %+v", rep)
	}
	for i, want := range s {
		var metres float64
		var code string
		err := pool.QueryRow(context.Background(), `
			SELECT ST_Distance(a.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography), n.code
			FROM address a JOIN neighbourhood n ON n.municipality_id = a.municipality_id AND n.id = a.neighbourhood_id
			WHERE a.house_number = $1`, fmt.Sprint(i+1), want.lon, want.lat).Scan(&metres, &code)
		if err != nil {
			t.Fatalf("address %d: %v", i+1, err)
		}
		if metres > 1 {
			t.Errorf("address %d lies %.2f m from where it should", i+1, metres)
		}
		if code != want.code {
			t.Errorf("address %d is in neighbourhood %s, want %s", i+1, code, want.code)
		}
	}
}

func TestReimportingAddressesUpdatesValuesWithoutDuplicating(t *testing.T) {
	pool := importedKortrijk(t)
	s := spots(t, pool)
	row := func(n int, fr string, p spot) string {
		return fmt.Sprintf("Doorniksestraat,%s,%d,,8500,%.7f,%.7f\n", fr, n, p.lon, p.lat)
	}
	head := "street_nl,street_fr,house_number,box,postcode,lon,lat\n"
	first := head + row(1, "Rue de Tournai", s[0]) + row(2, "Rue de Tournai", s[1])
	if rep, err := importAddressText(t, pool, first, ImportOptions{}); err != nil || rep.Inserted != 2 {
		t.Fatalf("first import: %+v %v", rep, err)
	}
	rep, err := importAddressText(t, pool, first, ImportOptions{})
	if err != nil || rep.Inserted != 0 || rep.Updated != 0 || rep.Unchanged != 2 {
		t.Fatalf("same file again: %+v %v", rep, err)
	}
	second := head + row(1, "Rue de Tournai", s[2]) + row(2, "Doornikse", s[1])
	rep, err = importAddressText(t, pool, second, ImportOptions{})
	if err != nil || rep.Inserted != 0 || rep.Updated != 2 {
		t.Fatalf("changed file: %+v %v", rep, err)
	}
	if n := count(t, pool, `SELECT count(*) FROM address`); n != 2 {
		t.Errorf("%d addresses, want 2", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM address WHERE street_fr = 'Doornikse' AND house_number = '2'`); n != 1 {
		t.Errorf("street_fr not updated")
	}
	if n := count(t, pool, `SELECT count(*) FROM address a JOIN neighbourhood n ON n.id = a.neighbourhood_id
		WHERE a.house_number = '1' AND n.code = $1`, s[2].code); n != 1 {
		t.Errorf("the moved address did not change neighbourhood")
	}
}

func TestAnExternalIDFollowsARenamedStreetAndAClashChangesNothing(t *testing.T) {
	pool := importedKortrijk(t)
	p := spots(t, pool)[0]
	file := func(rows ...string) string {
		out := "address_id,street_nl,house_number,postcode,lon,lat\n"
		for _, r := range rows {
			out += fmt.Sprintf("%s,8500,%.7f,%.7f\n", r, p.lon, p.lat)
		}
		return out
	}
	if rep, err := importAddressText(t, pool, file("1,Oude Straat,1", "2,Nieuwe Straat,1"), ImportOptions{}); err != nil || rep.Inserted != 2 {
		t.Fatalf("first import: %+v %v", rep, err)
	}
	rep, err := importAddressText(t, pool, file("1,Oudste Straat,1"), ImportOptions{})
	if err != nil || rep.Updated != 1 || rep.Inserted != 0 {
		t.Fatalf("rename: %+v %v", rep, err)
	}
	if n := count(t, pool, `SELECT count(*) FROM address WHERE external_id = '1' AND street_nl = 'Oudste Straat'`); n != 1 {
		t.Errorf("address 1 was not renamed in place")
	}
	// Renaming address 1 onto address 2's street and number would make two
	// of one address: refused as a whole.
	_, err = importAddressText(t, pool, file("1,Nieuwe Straat,1"), ImportOptions{})
	if errs.KindOf(err) != errs.Conflict {
		t.Fatalf("clash: err = %v, want a conflict", err)
	}
	if n := count(t, pool, `SELECT count(*) FROM address WHERE street_nl = 'Oudste Straat'`); n != 1 {
		t.Errorf("a refused import changed the register")
	}
}

// badFile has good rows on lines 2, 9 and 11; every other row is wrong in
// its own way, and line 12 lies in Brussels.
const badFile = `street_nl,house_number,box,postcode,x,y,srid
Grote Markt,1,,8500,%[1]f,%[2]f,31370
,2,,8500,%[1]f,%[2]f,31370
Grote Markt,,,8500,%[1]f,%[2]f,31370
Grote Markt,4,,85OO,%[1]f,%[2]f,31370
Grote Markt,5,,8500,abc,%[2]f,31370
Grote Markt,6,,8500,NaN,%[2]f,31370
Grote Markt,7,,8500,%[1]f,%[2]f,
Grote Markt,8,,8500,%[1]f,%[2]f,31370
Grote Markt,9,,8500,%[2]f,-5,31370
Grote Markt,10,,8500,"%[1]f",%[2]f,31370
Grote Markt,11,,8500,149000,170000,31370
Grote Markt,12
`

func TestBadAddressRowsAreReportedByLineWhileGoodRowsGoIn(t *testing.T) {
	pool := importedKortrijk(t)
	s := spots(t, pool)
	csv := fmt.Sprintf(badFile, s[0].x72, s[0].y72)
	rep, err := importAddressText(t, pool, csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{3, 4, 5, 6, 7, 8, 10, 12, 13}; !slices.Equal(lines(rep.Rejected), want) {
		t.Errorf("rejected lines %v, want %v:\n%v", lines(rep.Rejected), want, rep.Rejected)
	}
	if rep.Read != 12 || rep.Inserted != 3 {
		t.Errorf("report %+v, want 12 read, 3 inserted", rep)
	}
	for _, r := range rep.Rejected {
		if r.Line == 12 && !strings.Contains(r.Reason, "outside") {
			t.Errorf("line 12: %q, want a point outside the municipality", r.Reason)
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM address`); n != 3 {
		t.Errorf("%d addresses stored, want 3", n)
	}
}

func TestAStrictImportWithOneBadRowLeavesNothing(t *testing.T) {
	pool := importedKortrijk(t)
	s := spots(t, pool)
	for _, tc := range []struct{ name, csv string }{
		{"a row that does not parse", fmt.Sprintf(badFile, s[0].x72, s[0].y72)},
		{"a point outside the municipality", "street_nl,house_number,postcode,x,y\n" +
			fmt.Sprintf("Grote Markt,1,8500,%f,%f\n", s[0].x72, s[0].y72) +
			"Grote Markt,2,8500,149000,170000\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := importAddressText(t, pool, tc.csv, ImportOptions{Strict: true, SRID: 31370})
			if err == nil || !strings.Contains(err.Error(), "line") {
				t.Fatalf("strict import: %v, want an error listing lines", err)
			}
			if len(rep.Rejected) == 0 || rep.Inserted != 0 {
				t.Errorf("report %+v", rep)
			}
			if n := count(t, pool, `SELECT count(*) FROM address`); n != 0 {
				t.Errorf("%d addresses stored, want none", n)
			}
		})
	}
}

func TestAddressCSVWithoutCoordinatesOrHeaderIsRefused(t *testing.T) {
	for _, csv := range []string{"", "street_nl,house_number,postcode\nA,1,8500\n", "street_nl,house_number,x,y\n"} {
		if _, _, err := parseAddressCSV(strings.NewReader(csv), 0); err == nil {
			t.Errorf("%q parsed without error", csv)
		}
	}
}

func TestARepeatedAddressOrAddressIDLosesToItsLastRow(t *testing.T) {
	pool := importedKortrijk(t)
	s := spots(t, pool)
	csv := fmt.Sprintf(`address_id,street_nl,house_number,box,postcode,municipality,x,y
1,Grote Markt,1,,8500,,%[1]f,%[2]f
2,Grote Markt,1,,8500,,%[1]f,%[2]f
3,Grote Markt,2,,8500,,%[1]f,%[2]f
3,Grote Markt,3,,8500,,%[1]f,%[2]f
4,Grote Markt,1,,8500,,%[1]f,%[2]f
5,Grote Markt,1,b,8500,Gent,%[1]f,%[2]f
6,Grote Markt,4,,8500,,%[1]f,%[2]f
`, s[0].x72, s[0].y72)
	rep, err := importAddressText(t, pool, csv, ImportOptions{SRID: 31370})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		2: "the same address is on line 6",
		3: "the same address is on line 6",
		4: "address_id 3 is used again on line 5",
		7: "municipality",
	}
	if got := lines(rep.Rejected); !slices.Equal(got, []int{2, 3, 4, 7}) {
		t.Fatalf("rejected lines %v, want 2, 3, 4 and 7:\n%v", got, rep.Rejected)
	}
	for _, r := range rep.Rejected {
		if !strings.Contains(r.Reason, want[r.Line]) {
			t.Errorf("line %d: %q, want %q", r.Line, r.Reason, want[r.Line])
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM address WHERE house_number = '1' AND external_id = '4'`); n != 1 {
		t.Errorf("Grote Markt 1 is not the last row's address")
	}
	if n := count(t, pool, `SELECT count(*) FROM address`); n != 3 || rep.Inserted != 3 {
		t.Errorf("%d addresses stored, %d inserted, want 3", n, rep.Inserted)
	}
}
