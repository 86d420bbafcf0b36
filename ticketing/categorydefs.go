package ticketing

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// defsTTL is how long a category's questions are remembered: they change
// when an administrator edits the category, rarely, and every intake
// needs them.
const defsTTL = time.Minute

type defsKey struct {
	municipalityID int
	code           string
}

type defsEntry struct {
	defs []AttributeDef
	at   time.Time
}

// categoryDefs caches the attribute definitions of categories.
type categoryDefs struct {
	mu      sync.Mutex
	entries map[defsKey]defsEntry
}

// checkAnswers validates a new ticket's attribute answers against its
// category's questions; an unknown category is left to the intake query,
// which says so.
func (s *Service) checkAnswers(ctx context.Context, municipalityID int, code string, answers map[string]any) (map[string]any, error) {
	defs, err := s.defs.get(ctx, s, municipalityID, code)
	if err != nil {
		return nil, err
	}
	return checkAttributes(defs, answers)
}

// AttributeDefs returns the questions of category code.
func (s *Service) AttributeDefs(ctx context.Context, municipalityID int, code string) ([]AttributeDef, error) {
	return s.defs.get(ctx, s, municipalityID, code)
}

func (c *categoryDefs) get(ctx context.Context, s *Service, municipalityID int, code string) ([]AttributeDef, error) {
	k := defsKey{municipalityID, code}
	c.mu.Lock()
	e, ok := c.entries[k]
	c.mu.Unlock()
	if ok && time.Since(e.at) < defsTTL {
		return e.defs, nil
	}
	var raw []byte
	err := s.pool.QueryRow(ctx, `SELECT attributes FROM category WHERE municipality_id = $1 AND code = $2 AND active`,
		municipalityID, code).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "reading the category failed")
	}
	defs, err := ParseAttributeDefs(raw)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "the category's attributes are not valid")
	}
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[defsKey]defsEntry{}
	}
	c.entries[k] = defsEntry{defs, time.Now()}
	c.mu.Unlock()
	return defs, nil
}
