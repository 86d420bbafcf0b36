package spikes

import (
	"cmp"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/countmodel"
	"loket/internal/errs"
)

// Service finds spikes in the tickets of one Loket database.
type Service struct {
	pool *pgxpool.Pool
	opt  Options
}

// Options tune a Service. Zero fields take the defaults in brackets.
type Options struct {
	// HistoryDays is how far before the tested days the models look [1095,
	// three years]; a series starts at its first ticket if that is later.
	HistoryDays int
	// MinMeanPerDay is the average tickets a day over the history that a
	// category needs in a neighbourhood before it is monitored there [2].
	// Thinner series could only alert on days of five or more tickets
	// (countmodel's MinCount) and would weaken the adjustment for all.
	MinMeanPerDay float64
	// MaxSeries bounds the series of one request [1000]; categories come
	// first, then the busiest neighbourhood series.
	MaxSeries        int
	TicketsPerAlert  int           // tickets listed with an alert, newest first [50]
	StatementTimeout time.Duration // each SQL statement of a request [20s]
	Workers          int           // series fitted at once [GOMAXPROCS]
	// Holiday marks public holidays, given as dates at midnight UTC; nil:
	// none. The holiday table can be wired here once it exists.
	Holiday func(day time.Time) bool
	// Model tunes the detection itself (false discovery rate [0.01],
	// minimum count of a spike, CUSUM). Its Window is the number of days
	// asked for, and Holiday above takes precedence over its own.
	Model countmodel.Options
}

// defaultFDR is countmodel's own default, set here because the final
// Benjamini–Hochberg step runs in this package (see detect).
const defaultFDR = 0.01

func (o Options) withDefaults() (Options, error) {
	o.HistoryDays = cmp.Or(o.HistoryDays, 3*365)
	o.MinMeanPerDay = cmp.Or(o.MinMeanPerDay, 2)
	o.MaxSeries = cmp.Or(o.MaxSeries, 1000)
	o.TicketsPerAlert = cmp.Or(o.TicketsPerAlert, 50)
	o.StatementTimeout = cmp.Or(o.StatementTimeout, 20*time.Second)
	o.Workers = cmp.Or(o.Workers, runtime.GOMAXPROCS(0))
	o.Model.FDR = cmp.Or(o.Model.FDR, defaultFDR)
	if o.Holiday != nil {
		o.Model.Holiday = o.Holiday
	}
	switch {
	case o.HistoryDays < 14 || o.HistoryDays > 20*365:
		return o, errs.E(errs.Invalid, "the history must be between 14 days and 20 years, not %d days", o.HistoryDays)
	case !(o.MinMeanPerDay >= 0):
		return o, errs.E(errs.Invalid, "the minimum tickets a day cannot be negative")
	case o.MaxSeries < 1 || o.TicketsPerAlert < 0 || o.Workers < 1 || o.StatementTimeout < time.Millisecond:
		return o, errs.E(errs.Invalid, "series, tickets per alert, workers and the statement timeout must be positive")
	case !(o.Model.FDR > 0 && o.Model.FDR < 1):
		return o, errs.E(errs.Invalid, "the false discovery rate must lie between 0 and 1, not %v", o.Model.FDR)
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
