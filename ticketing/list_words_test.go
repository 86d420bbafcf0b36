package ticketing_test

import (
	"context"
	"fmt"
	"testing"

	"loket/ticketing"
)

// manyMatches is more tickets than a search takes for common words (5,000).
const manyMatches = 5010

// TestASearchForCommonWordsListsTheNewestFirst checks both ways a search
// runs: a rare word through the word index, and words matching more than
// 5,000 tickets by walking the tickets newest first. Both must give the
// newest matches in order.
func TestASearchForCommonWordsListsTheNewestFirst(t *testing.T) {
	pool := city(t)
	ctx := context.Background()
	// Copies of one seeded ticket: manyMatches saying "glasbak" and one
	// saying "kauwgomboom", changed one minute apart.
	_, err := pool.Exec(ctx, fmt.Sprintf(`
		INSERT INTO ticket (municipality_id, reference, channel, status, priority, category_id, team_id, description, geom,
		                    geocode_quality, language, created_at, updated_at, due_at)
		SELECT municipality_id, reference || '-' || g, channel, 'new', priority, category_id, team_id,
		       CASE WHEN g = 0 THEN 'Een kauwgomboom aan de halte' ELSE 'Volle glasbak nummer ' || g END, geom,
		       geocode_quality, language, created_at, created_at + g * interval '1 minute', due_at
		FROM (SELECT * FROM ticket ORDER BY id LIMIT 1) t, generate_series(0, %d) g`, manyMatches))
	if err != nil {
		t.Fatal(err)
	}
	s := ticketing.New(pool, nil)
	for _, c := range []struct {
		words  string
		common bool
		first  string
	}{
		{"kauwgomboom", false, "Een kauwgomboom aan de halte"},
		{"glasbak", true, fmt.Sprintf("Volle glasbak nummer %d", manyMatches)},
	} {
		page, err := s.List(ctx, 1, ticketing.Filter{Text: c.words, Limit: 20})
		if err != nil || len(page.Tickets) == 0 {
			t.Fatalf("%q: %d tickets, %v", c.words, len(page.Tickets), err)
		}
		if page.Tickets[0].Description != c.first {
			t.Errorf("%q: first %q, want the newest %q", c.words, page.Tickets[0].Description, c.first)
		}
		for i := 1; i < len(page.Tickets); i++ {
			if page.Tickets[i].UpdatedAt.After(page.Tickets[i-1].UpdatedAt) {
				t.Errorf("%q: ticket %d is newer than the one before it", c.words, i)
			}
		}
		if c.common && (len(page.Tickets) != 20 || page.Next == "") {
			t.Errorf("%q: a page of %d with next %q, want 20 and a next page", c.words, len(page.Tickets), page.Next)
		}
	}
}
