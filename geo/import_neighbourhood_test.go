package geo

import (
	"context"
	"testing"

	"loket/internal/testdb"
)

func TestAllFourteenKortrijkNeighbourhoodsImportAndContainTheirOwnPoint(t *testing.T) {
	pool := importedKortrijk(t)
	if n := count(t, pool, `SELECT count(*) FROM neighbourhood`); n != 14 {
		t.Fatalf("%d neighbourhoods, want 14", n)
	}
	// A point on each surface must fall in that neighbourhood and no other.
	wrong := count(t, pool, `
		SELECT count(*) FROM neighbourhood n
		WHERE (SELECT array_agg(o.id) FROM neighbourhood o WHERE ST_Contains(o.geom, ST_PointOnSurface(n.geom)))
		      IS DISTINCT FROM ARRAY[n.id]`)
	if wrong != 0 {
		t.Errorf("%d neighbourhoods do not contain just their own point on surface", wrong)
	}
	if n := count(t, pool, `SELECT count(*) FROM municipality WHERE nis_code = $1 AND boundary IS NOT NULL`, kortrijkNIS); n != 1 {
		t.Errorf("the created municipality has no boundary")
	}
	var name string
	if err := pool.QueryRow(context.Background(), `SELECT name FROM neighbourhood WHERE code = '34022WA'`).Scan(&name); err != nil || name != "Heule Sente (Kortrijk)" {
		t.Errorf("34022WA is named %q (%v)", name, err)
	}
}

func TestReimportingNeighbourhoodsChangesNothingThenUpdatesWhatChanged(t *testing.T) {
	pool := importedKortrijk(t)
	ctx := context.Background()
	rep := mustImportNeighbourhoods(t, pool, "testdata/wijken.geojson", ImportOptions{})
	if rep.Inserted != 0 || rep.Updated != 0 || rep.Unchanged != 14 {
		t.Errorf("second import: %+v, want 14 unchanged", rep)
	}
	if _, err := pool.Exec(ctx, `UPDATE neighbourhood SET name = 'old name' WHERE code = '34022WA'`); err != nil {
		t.Fatal(err)
	}
	rep = mustImportNeighbourhoods(t, pool, "testdata/wijken.geojson", ImportOptions{Municipality: kortrijkNIS})
	if rep.Updated != 1 || rep.Inserted != 0 {
		t.Errorf("import after a rename: %+v, want 1 updated", rep)
	}
	if n := count(t, pool, `SELECT count(*) FROM neighbourhood`); n != 14 {
		t.Errorf("%d neighbourhoods after re-import, want 14", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM neighbourhood WHERE name = 'old name'`); n != 0 {
		t.Errorf("the name was not put back")
	}
}

func TestBostonWardsAreDetectedByTheirWardProperty(t *testing.T) {
	pool := testdb.New(t)
	rep := mustImportNeighbourhoods(t, pool, "testdata/wards.geojson", ImportOptions{Municipality: "99999", Name: "Boston"})
	if rep.Inserted != rep.Read || rep.Read == 0 || len(rep.Rejected) != 0 {
		t.Fatalf("wards: %+v", rep)
	}
	if n := count(t, pool, `SELECT count(*) FROM neighbourhood WHERE code = '1' AND name = '1'`); n != 1 {
		t.Errorf("ward 1 is not stored under code 1")
	}
}

func TestImportingIntoAnUnknownMunicipalityWithoutANameIsRefused(t *testing.T) {
	pool := testdb.New(t)
	if _, err := ImportNeighbourhoods(context.Background(), pool, openTestdata(t, "testdata/wijken.geojson"), ImportOptions{}); err == nil {
		t.Fatal("import into an empty database without -municipality succeeded")
	}
	if n := count(t, pool, `SELECT count(*) FROM neighbourhood`); n != 0 {
		t.Errorf("%d neighbourhoods written", n)
	}
}
