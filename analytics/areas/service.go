package areas

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Service runs the area analyses over one Loket database.
type Service struct {
	pool   *pgxpool.Pool
	limits Limits
	now    func() time.Time
	zones  *sync.Map // municipality id → *time.Location
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
	return &Service{pool: pool, limits: DefaultLimits, now: time.Now, zones: new(sync.Map)}
}

// zone is the municipality's time zone (municipality.time_zone), in
// which dates are read and weeks counted; the default one when it cannot
// be read.
func (s *Service) zone(ctx context.Context, municipality int) *time.Location {
	if loc, ok := s.zones.Load(municipality); ok {
		return loc.(*time.Location)
	}
	var name string
	if err := s.pool.QueryRow(ctx, `SELECT time_zone FROM municipality WHERE id = $1`, municipality).Scan(&name); err != nil {
		return cityTime
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return cityTime
	}
	s.zones.Store(municipality, loc)
	return loc
}

// WithLimits returns a copy of s bound by l.
func (s *Service) WithLimits(l Limits) *Service {
	c := *s
	c.limits = l
	return &c
}
