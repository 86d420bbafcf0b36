package season

import (
	"cmp"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// Service reports and forecasts the requests of one Loket database.
type Service struct {
	pool *pgxpool.Pool
	opt  Options
}

// Options tune a Service. Zero fields take the defaults in brackets.
type Options struct {
	HistoryDays int     // days a model learns from, up to the last full day [1095, three years]
	MinTickets  int     // tickets a category needs in the history to be modelled [60]
	Harmonics   int     // annual Fourier pairs, used with a year of history or more [4]
	FDR         float64 // false discovery rate of the weather and season verdicts [0.05]
	Draws       int     // simulations behind each forecast's intervals [2000]
	// OracleWeather takes a posted forecast for the weather that will
	// happen, adding no forecast error: right for backtests on observed
	// weather, too confident for real forecasts.
	OracleWeather    bool
	StatementTimeout time.Duration // each SQL statement of a request [20s]
	Workers          int           // categories fitted at once [GOMAXPROCS]
}

// Bounds on what one request may ask for.
const (
	maxHistoryDays = 10 * 366
	minHistoryDays = 56 // eight weeks: weekdays and a little weather
	maxDraws       = 20_000
)

func (o Options) withDefaults() (Options, error) {
	o.HistoryDays = cmp.Or(o.HistoryDays, 3*365)
	o.MinTickets = cmp.Or(o.MinTickets, 60)
	o.Harmonics = cmp.Or(o.Harmonics, 4)
	o.FDR = cmp.Or(o.FDR, 0.05)
	o.Draws = cmp.Or(o.Draws, 2000)
	o.StatementTimeout = cmp.Or(o.StatementTimeout, 20*time.Second)
	o.Workers = cmp.Or(o.Workers, runtime.GOMAXPROCS(0))
	switch {
	case o.HistoryDays < minHistoryDays || o.HistoryDays > maxHistoryDays:
		return o, errs.E(errs.Invalid, "the history must be between %d and %d days, not %d", minHistoryDays, maxHistoryDays, o.HistoryDays)
	case o.MinTickets < 1:
		return o, errs.E(errs.Invalid, "a category needs at least one ticket to be modelled")
	case o.Harmonics < 0 || o.Harmonics > 12:
		return o, errs.E(errs.Invalid, "between 0 and 12 annual harmonics, not %d", o.Harmonics)
	case !(o.FDR > 0 && o.FDR < 1):
		return o, errs.E(errs.Invalid, "the false discovery rate must lie between 0 and 1, not %v", o.FDR)
	case o.Draws < 200 || o.Draws > maxDraws:
		return o, errs.E(errs.Invalid, "between 200 and %d simulations per forecast, not %d", maxDraws, o.Draws)
	case o.StatementTimeout < time.Millisecond || o.Workers < 1:
		return o, errs.E(errs.Invalid, "the statement timeout and the workers must be positive")
	}
	return o, nil
}

// New returns a Service over pool with the default Options.
func New(pool *pgxpool.Pool) *Service {
	s, _ := NewWithOptions(pool, Options{})
	return s
}

// NewWithOptions returns a Service over pool tuned by opt.
func NewWithOptions(pool *pgxpool.Pool, opt Options) (*Service, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Service{pool: pool, opt: opt}, nil
}
