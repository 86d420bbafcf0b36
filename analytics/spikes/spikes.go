package spikes

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/analytics/countmodel"
	"loket/internal/errs"
)

// Detect tests the days of q in municipality for spikes and drifts, per
// category and per category in each neighbourhood busy enough.
func (s *Service) Detect(ctx context.Context, municipality int, q Query) (*Report, error) {
	q, err := q.normalized()
	if err != nil {
		return nil, err
	}
	var rep *Report
	err = s.read(ctx, func(tx pgx.Tx) error {
		c, err := readCity(ctx, tx, municipality)
		if err != nil {
			return err
		}
		day := cmp.Or(q.Day, c.today)
		if day.After(c.today) {
			return errs.E(errs.Invalid, "day %s has not come yet in %s (today is %s)",
				day.Format(time.DateOnly), c.zone, c.today.Format(time.DateOnly))
		}
		sc, err := resolve(ctx, tx, municipality, q, nameLanguage(q.Language, c.language))
		if err != nil {
			return err
		}
		sp := span{days: s.opt.HistoryDays + q.Days, window: q.Days}
		sp.first = day.AddDate(0, 0, 1-sp.days)
		started := time.Now()
		cells, err := readCounts(ctx, tx, s.pool, sc, c.zone, sp.first, day)
		if err != nil {
			return err
		}
		counted := time.Now()
		p := makePlan(cells, sp, planRules{oneNeighbourhood: sc.neighbourhood != 0,
			minMeanPerDay: s.opt.MinMeanPerDay, maxSeries: s.opt.MaxSeries})
		model := s.opt.Model
		model.Window = q.Days
		found, err := detect(ctx, p.series, model, s.opt.Workers)
		if err != nil {
			return err
		}
		fitted := time.Now()
		var ids []seriesID
		rep, ids = sc.report(c.zone, sp, p, found)
		err = attachTickets(ctx, tx, municipality, c.zone, rep.Alerts, ids, s.opt.TicketsPerAlert)
		slog.DebugContext(ctx, "spike detection", "municipality", municipality, "day", rep.Day, "cells", len(cells),
			"series", len(p.series), "alerts", len(rep.Alerts), "count", counted.Sub(started),
			"plan_and_fit", fitted.Sub(counted), "tickets", time.Since(fitted))
		return err
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// report names what the model found, and returns the series of each alert.
func (sc *scope) report(zone string, sp span, p plan, found countmodel.Report) (*Report, []seriesID) {
	day := sp.first.AddDate(0, 0, sp.days-1)
	rep := &Report{MunicipalityID: sc.municipality, TimeZone: zone,
		From: Date{Time: day.AddDate(0, 0, 1-sp.window)}, Day: Date{Time: day}, HistoryFrom: Date{Time: sp.first},
		Series: Coverage{Monitored: len(p.series) - len(found.Skipped), BelowVolume: p.belowVolume,
			OverCap: p.overCap, Skipped: []Skipped{}}}
	for _, k := range found.Skipped {
		cat, nb := sc.names(p.ids[keyIndex(k.Key)])
		rep.Series.Skipped = append(rep.Series.Skipped, Skipped{Category: cat, Neighbourhood: nb, Reason: k.Reason})
	}
	var ids []seriesID
	rep.Alerts, ids = sc.alerts(found.Alerts, p.ids)
	return rep, ids
}

// alerts names the model's alerts, newest day first and the least likely
// by chance first, and returns the series of each.
func (sc *scope) alerts(found []countmodel.Alert, planned []seriesID) ([]Alert, []seriesID) {
	slices.SortStableFunc(found, func(a, b countmodel.Alert) int {
		return cmp.Or(b.Day.Compare(a.Day), cmp.Compare(a.AdjustedP, b.AdjustedP), cmp.Compare(a.P, b.P))
	})
	alerts := make([]Alert, len(found))
	ids := make([]seriesID, len(found))
	for i, a := range found {
		ids[i] = planned[keyIndex(a.Key)]
		cat, nb := sc.names(ids[i])
		alerts[i] = Alert{Category: cat, Neighbourhood: nb, Day: Date{Time: a.Day}, Kind: a.Kind, Since: Date{Time: a.Since},
			Observed: a.Observed, Expected: a.Expected, P: a.P, AdjustedP: a.AdjustedP}
	}
	return alerts, ids
}

func (sc *scope) names(id seriesID) (Category, *Neighbourhood) {
	if id.neighbourhood == 0 {
		return sc.categories[id.category], nil
	}
	nb := sc.neighbourhoods[id.neighbourhood]
	return sc.categories[id.category], &nb
}

// keyIndex reads back the series index makePlan wrote as the key.
func keyIndex(key string) int {
	i, _ := strconv.Atoi(key)
	return i
}
