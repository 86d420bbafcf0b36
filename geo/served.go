package geo

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Served remembers the municipality the API serves once it is known, so
// handlers do not ask the database on every request. It keeps asking
// while there is none yet: a city may be imported after start-up.
type Served struct {
	pool *pgxpool.Pool
	mu   sync.Mutex
	id   int
}

// NewServed returns a Served over pool.
func NewServed(pool *pgxpool.Pool) *Served { return &Served{pool: pool} }

// ID is the served municipality (see ServedMunicipality).
func (s *Served) ID(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.id != 0 {
		return s.id, nil
	}
	id, err := ServedMunicipality(ctx, s.pool)
	if err == nil {
		s.id = id
	}
	return id, err
}
