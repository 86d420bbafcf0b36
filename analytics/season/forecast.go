package season

import (
	"context"
	"maps"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/errgroup"

	"loket/analytics/weather"
	"loket/internal/errs"
)

// ForecastReport is the expected tickets per category and day.
type ForecastReport struct {
	HistoryFrom   Date               `json:"history_from"`
	HistoryTo     Date               `json:"history_to"`
	Neighbourhood *Neighbourhood     `json:"neighbourhood,omitempty"`
	Categories    []CategoryForecast `json:"categories"`
	Skipped       []Skipped          `json:"skipped"`
	Notes         []string           `json:"notes"`
}

// CategoryForecast is one category's forecast days.
type CategoryForecast struct {
	Category
	WeatherTerms []string      `json:"weather_terms"` // the weather columns its model kept
	Days         []DayForecast `json:"days"`
}

// DayForecast is the expected tickets of one day with 80 % and 95 % intervals.
type DayForecast struct {
	Day   Date    `json:"day"`
	Ahead int     `json:"ahead"` // days after the last day of the history
	Mean  float64 `json:"mean"`
	// Median is the count the day is as likely to stay under as to
	// exceed: the number to plan with when a ticket too many costs as
	// much as one too few, and the one the backtest's MASE scores.
	Median float64 `json:"median"`
	Lo80   float64 `json:"lo80"`
	Hi80   float64 `json:"hi80"`
	Lo95   float64 `json:"lo95"`
	Hi95   float64 `json:"hi95"`
}

// Forecast predicts the tickets of every category asked for on the days
// of a weather forecast, which must follow the history within 14 days.
func (s *Service) Forecast(ctx context.Context, municipality int, q Query, forecast []weather.Day) (*ForecastReport, error) {
	forecast, err := checkForecast(forecast)
	if err != nil {
		return nil, err
	}
	var sc *scope
	var h *history
	err = s.read(ctx, func(tx pgx.Tx) error {
		if sc, err = resolve(ctx, tx, municipality, Query{Categories: q.Categories, Neighbourhood: q.Neighbourhood, Language: q.Language}); err != nil {
			return err
		}
		from, to, err := sc.historyRange(Query{}, s.opt.HistoryDays)
		if err != nil {
			return err
		}
		if err := followsHistory(forecast, to); err != nil {
			return err
		}
		h, err = loadHistory(ctx, tx, s.pool, sc, from, to)
		return err
	})
	if err != nil {
		return nil, err
	}
	wx := maps.Clone(h.wx)
	fdays := make([]time.Time, len(forecast))
	for i, d := range forecast {
		wx[d.Day], fdays[i] = d, d.Day
	}
	f := &forecaster{ms: newModelSpec(h.days, wx, h.cal, s.opt.Harmonics), days: h.days, wx: wx, draws: s.opt.Draws}
	if err := f.ms.checkWeather(wx, fdays); err != nil {
		return nil, err
	}
	rep := &ForecastReport{HistoryFrom: Date{Time: h.days[0]}, HistoryTo: Date{Time: h.days[len(h.days)-1]}, Neighbourhood: sc.nbh,
		Notes: []string{"the intervals include the typical error of a weather forecast, growing with the days ahead"}}
	if s.opt.OracleWeather {
		rep.Notes = []string{"the weather is taken as certain: the intervals leave out the error of the weather forecast"}
	} else {
		f.skill = &forecastSkill{}
	}
	ids, skipped := s.modelled(sc, h)
	rep.Skipped = append([]Skipped{}, skipped...)
	results := make([]CategoryForecast, len(ids))
	reasons := make([]string, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.opt.Workers)
	for k, id := range ids {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			c := sc.categories[id]
			drawn, terms, err := f.forecast(h.counts[id], fdays, seedOf(c.Code, 0))
			if err != nil {
				reasons[k] = fitFailure(err)
				return nil
			}
			results[k] = categoryForecast(c, terms, drawn, fdays, h.days[len(h.days)-1])
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, errs.Wrap(err, errs.Unavailable, "the forecast was cancelled")
	}
	for k, r := range results {
		if reasons[k] != "" {
			rep.Skipped = append(rep.Skipped, Skipped{sc.categories[ids[k]], reasons[k]})
			continue
		}
		rep.Categories = append(rep.Categories, r)
	}
	if rep.Categories == nil {
		rep.Categories = []CategoryForecast{}
	}
	return rep, nil
}

func categoryForecast(c Category, terms []string, drawn []drawn, fdays []time.Time, last time.Time) CategoryForecast {
	out := CategoryForecast{Category: c, WeatherTerms: terms}
	for i, d := range drawn {
		out.Days = append(out.Days, DayForecast{Day: Date{Time: fdays[i]}, Ahead: int(fdays[i].Sub(last).Hours()/24 + 0.5), Mean: d.mean, Median: quantile(d.counts, 0.5),
			Lo80: quantile(d.counts, 0.10), Hi80: quantile(d.counts, 0.90),
			Lo95: quantile(d.counts, 0.025), Hi95: quantile(d.counts, 0.975)})
	}
	return out
}

// followsHistory refuses forecast days inside the history or more than
// maxHorizon days past its last day.
func followsHistory(forecast []weather.Day, last time.Time) error {
	first, final := forecast[0].Day, forecast[len(forecast)-1].Day
	switch {
	case !first.After(last):
		return errs.E(errs.Invalid, "the ticket history runs to %s: forecast days come after it, not on %s",
			last.Format(time.DateOnly), first.Format(time.DateOnly))
	case final.After(last.AddDate(0, 0, maxHorizon)):
		return errs.E(errs.Invalid, "the ticket history runs to %s: forecasts reach %d days past it, to %s, not %s",
			last.Format(time.DateOnly), maxHorizon, last.AddDate(0, 0, maxHorizon).Format(time.DateOnly), final.Format(time.DateOnly))
	}
	return nil
}
