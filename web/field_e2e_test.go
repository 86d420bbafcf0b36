package web_test

import (
	"context"
	"testing"
)

// TestTheFieldCrewMapShowsTicketsInANeighbourhood: on a phone, the field
// crew's map draws a neighbourhood's tickets as points from the staff
// tiles with the list below, aggregates when zoomed out, and searches
// around a tapped spot.
func TestTheFieldCrewMapShowsTicketsInANeighbourhood(t *testing.T) {
	s := newSite(t)
	var name string
	if err := s.pool.QueryRow(context.Background(), `
		SELECT n.name FROM neighbourhood n JOIN ticket t ON ST_Contains(n.geom, t.geom)
		WHERE t.created_at > now() - interval '365 days'
		GROUP BY n.name HAVING count(*) BETWEEN 30 AND 200 ORDER BY count(*) DESC LIMIT 1`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	s.runBrowser("field.spec.mjs", "LOKET_EMAIL=field@kortrijk.demo", "LOKET_PASSWORD=demo", "LOKET_NEIGHBOURHOOD="+name)
}
