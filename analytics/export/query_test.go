package export

import (
	"strings"
	"testing"
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
