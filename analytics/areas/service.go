package areas

import (
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Service runs the area analyses over one Loket database.
type Service struct {
	pool   *pgxpool.Pool
	limits Limits
	now    func() time.Time
}

// Limits bound what one request may cost; past a limit the request is
// refused with a message saying what to narrow, before the work is done.
type Limits struct {
	StatementTimeout time.Duration // each SQL statement of an analysis
	MaxPoints        int           // tickets one clustering may read
	MaxCells         int           // hexagons of one map
	MaxCellWeeks     int           // hexagons × weeks of one emerging analysis
	MaxPermDraws     int           // hexagons × permutations
}

// DefaultLimits keep a request within seconds on a city of a few hundred
// thousand tickets a year.
var DefaultLimits = Limits{
	StatementTimeout: 20 * time.Second,
	MaxPoints:        500_000,
	MaxCells:         40_000,
	MaxCellWeeks:     2_000_000,
	MaxPermDraws:     20_000_000,
}

// New returns a Service over pool with DefaultLimits.
func New(pool *pgxpool.Pool) *Service {
	return &Service{pool: pool, limits: DefaultLimits, now: time.Now}
}

// WithLimits returns a copy of s bound by l.
func (s *Service) WithLimits(l Limits) *Service {
	c := *s
	c.limits = l
	return &c
}
