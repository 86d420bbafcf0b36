package export

import (
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestANarrowScanAsksPostgreSQLOnlyForItsColumns(t *testing.T) {
	for _, c := range []struct {
		name    string
		req     Request
		selects string
		homes   bool
	}{
		{"the counted columns", Request{Columns: []string{ColCreatedAt, ColCategory, ColNeighbourhood}},
			"SELECT t.created_at, t.category_id, t.neighbourhood_id FROM", false},
		{"a public place", Request{Columns: []string{ColLat, ColLon}},
			"SELECT t.geom, t.address_id, t.reporter_resident_id, t.reporter_citizen_id FROM", true},
		{"a staff place", Request{Columns: []string{ColGeometry, ColTeam}, Staff: true},
			"SELECT t.geom, t.team_id FROM", false},
	} {
		st, err := prepare(c.req)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(st.sql, c.selects) || st.homes != c.homes || len(st.types) != strings.Count(c.selects, "t.") {
			t.Errorf("%s: %s (home check %v, %d types)", c.name, st.sql, st.homes, len(st.types))
		}
	}
}

func TestTextColumnsComeAsTextAndTheRestAsBinary(t *testing.T) {
	st, err := prepare(Request{Columns: []string{ColID, ColDescription, ColCreatedAt, ColStatus, ColGeometry}, Staff: true})
	if err != nil {
		t.Fatal(err)
	}
	want := pgx.QueryResultFormats{pgx.BinaryFormatCode, pgx.TextFormatCode, pgx.BinaryFormatCode, pgx.TextFormatCode, pgx.BinaryFormatCode}
	if !slices.Equal(st.formats, want) || !slices.Equal(st.args[0].(pgx.QueryResultFormats), want) {
		t.Errorf("formats %v (asked %v), want %v", st.formats, st.args[0], want)
	}
	// A column that comes in another format than asked is refused, not
	// decoded as something else.
	fields := make([]pgconn.FieldDescription, len(st.types))
	for i, typ := range st.types {
		fields[i] = pgconn.FieldDescription{Name: "c", DataTypeOID: typ, Format: st.formats[i]}
	}
	if err := st.check(fields); err != nil {
		t.Fatal(err)
	}
	fields[1].Format = pgx.BinaryFormatCode
	if err := st.check(fields); err == nil {
		t.Error("a text column in binary passed the check")
	}
}
