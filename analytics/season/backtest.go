package season

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/errgroup"

	"loket/internal/errs"
)

// BacktestOptions set up a rolling-origin evaluation. Zero fields take
// the defaults in brackets.
type BacktestOptions struct {
	Horizon  int       // days ahead, 1–14 [14]
	Step     int       // days between origins [7]
	TestDays int       // the origins lie in the last TestDays days of the data [365]
	MinTrain int       // days of history at the first origin, at least [56]
	Draws    int       // simulations per forecast [1000]
	Progress io.Writer // a line per origin; nil: silent
}

// BacktestReport scores the forecasts of every modelled category.
type BacktestReport struct {
	From          Date            `json:"from"` // the first day of the data
	To            Date            `json:"to"`
	FirstOrigin   Date            `json:"first_origin"`
	LastOrigin    Date            `json:"last_origin"`
	Origins       int             `json:"origins"`
	Horizon       int             `json:"horizon"`
	Overall       Score           `json:"overall"`        // pooled over every category and day
	WeatherDriven Score           `json:"weather_driven"` // pooled over the weather-driven categories
	ByHorizon     []Score         `json:"by_horizon"`     // index 0 is one day ahead
	Categories    []CategoryScore `json:"categories"`
	Skipped       []Skipped       `json:"skipped"`
	// Fallbacks counts forecasts that got no model (a history without a
	// ticket, say) and were scored as the seasonal-naive forecast.
	Fallbacks int           `json:"fallbacks"`
	Duration  time.Duration `json:"duration"`
}

// CategoryScore is one category's part of a backtest.
type CategoryScore struct {
	Category
	WeatherDriven bool `json:"weather_driven"`
	Score
}

const maxHorizon = 14

func (o BacktestOptions) withDefaults() (BacktestOptions, error) {
	o.Horizon, o.Step, o.TestDays = cmp.Or(o.Horizon, maxHorizon), cmp.Or(o.Step, 7), cmp.Or(o.TestDays, 365)
	o.MinTrain, o.Draws = cmp.Or(o.MinTrain, minHistoryDays), cmp.Or(o.Draws, 1000)
	switch {
	case o.Horizon < 1 || o.Horizon > maxHorizon:
		return o, errs.E(errs.Invalid, "the horizon must be 1 to %d days, not %d", maxHorizon, o.Horizon)
	case o.Step < 1 || o.TestDays < o.Horizon:
		return o, errs.E(errs.Invalid, "origins at least a day apart, over at least the horizon")
	case o.MinTrain < minHistoryDays:
		return o, errs.E(errs.Invalid, "at least %d days of history at the first origin, not %d", minHistoryDays, o.MinTrain)
	case o.Draws < 200 || o.Draws > maxDraws:
		return o, errs.E(errs.Invalid, "between 200 and %d simulations per forecast, not %d", maxDraws, o.Draws)
	}
	return o, nil
}

// Backtest forecasts every modelled category from origins Step days apart
// over the last TestDays of the data, each from the history before the
// origin only, with the weather that was observed (an oracle forecast).
// Which categories count as weather-driven is the verdict of the report
// over all the data.
func (s *Service) Backtest(ctx context.Context, municipality int, q Query, opt BacktestOptions) (*BacktestReport, error) {
	start := time.Now()
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	var sc *scope
	var h *history
	err = s.read(ctx, func(tx pgx.Tx) error {
		if sc, err = resolve(ctx, tx, municipality, q); err != nil {
			return err
		}
		from, to, err := sc.historyRange(q, s.opt.HistoryDays+opt.TestDays)
		if err != nil {
			return err
		}
		h, err = loadHistory(ctx, tx, s.pool, sc, from, to)
		return err
	})
	if err != nil {
		return nil, err
	}
	first := max(opt.MinTrain, len(h.days)-opt.TestDays)
	if first+opt.Horizon > len(h.days) {
		return nil, errs.E(errs.Invalid, "%d days of data leave no origin after %d days of history with a %d-day horizon", len(h.days), opt.MinTrain, opt.Horizon)
	}
	reports, skipped, err := s.analyse(ctx, sc, h)
	if err != nil {
		return nil, err
	}
	b := &backtest{s: s, h: h, opt: opt, reports: reports, ids: idsOf(sc, reports)}
	b.byCategory = make([]tally, len(reports))
	b.byHorizon = make([]tally, opt.Horizon)
	if err := b.run(ctx, first); err != nil {
		return nil, err
	}
	rep := b.report(skipped)
	rep.Duration = time.Since(start)
	return rep, nil
}

// backtest is one evaluation under way.
type backtest struct {
	s       *Service
	h       *history
	opt     BacktestOptions
	reports []CategoryReport
	ids     []int // category ids, as reports

	mu         sync.Mutex
	origins    []int
	byCategory []tally
	byHorizon  []tally
	fallbacks  int
}

func (b *backtest) run(ctx context.Context, first int) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(b.s.opt.Workers)
	for o := first; o+b.opt.Horizon <= len(b.h.days); o += b.opt.Step {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return errs.Wrap(err, errs.Unavailable, "the backtest was cancelled")
			}
			b.origin(o)
			return nil
		})
	}
	return g.Wait()
}

// origin forecasts every category from one origin and adds the scores.
func (b *backtest) origin(o int) {
	start := max(0, o-b.s.opt.HistoryDays)
	hdays, fdays := b.h.days[start:o], b.h.days[o:o+b.opt.Horizon]
	f := &forecaster{ms: newModelSpec(hdays, b.h.wx, b.h.cal, b.s.opt.Harmonics), days: hdays, wx: b.h.wx, draws: b.opt.Draws}
	cats := make([]tally, len(b.ids))
	hors := make([]tally, b.opt.Horizon)
	fallbacks := 0
	for k, id := range b.ids {
		counts := b.h.counts[id]
		naive := func(j int) float64 { return counts[o-7+j%7] }
		drawn, _, err := f.forecast(counts[start:o], fdays, seedOf(b.reports[k].Code, o))
		if err != nil {
			fallbacks++
			drawn = naiveDraws(naive, len(fdays), b.opt.Draws, seedOf(b.reports[k].Code, o))
		}
		for j, d := range drawn {
			var t tally
			t.add(d, counts[o+j], naive(j), hindsight(counts, o+j))
			cats[k].merge(t)
			hors[j].merge(t)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.origins = append(b.origins, o)
	for k := range cats {
		b.byCategory[k].merge(cats[k])
	}
	for j := range hors {
		b.byHorizon[j].merge(hors[j])
	}
	b.fallbacks += fallbacks
	if b.opt.Progress != nil {
		fmt.Fprintf(b.opt.Progress, "origin %s: %d categories, %d fallbacks\n", b.h.days[o].Format(time.DateOnly), len(b.ids), fallbacks)
	}
}

func seedOf(code string, origin int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", code, origin)
	return h.Sum64()
}
