package spikes

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"loket/analytics/countmodel"
)

// seriesID names a series: one category in the whole municipality
// (neighbourhood 0) or in one neighbourhood.
type seriesID struct{ category, neighbourhood int }

// span is the stretch of days read: the history, then the tested window.
type span struct {
	first  time.Time // midnight UTC of the first local date
	days   int       // history and window together
	window int       // the last days, tested
}

func (s span) index(day time.Time) int { return int(day.Sub(s.first).Hours()/24 + 0.5) }

// planRules decide which series are monitored.
type planRules struct {
	oneNeighbourhood bool    // only category × the neighbourhood asked for, whatever its volume
	minMeanPerDay    float64 // otherwise a neighbourhood series needs this volume
	maxSeries        int
}

// plan is the series handed to the model; series[i].Key is strconv.Itoa(i)
// and ids[i] says what it counts.
type plan struct {
	series               []countmodel.Series
	ids                  []seriesID
	belowVolume, overCap int
}

// seriesStats is what choosing a series needs, known before any dense
// array is allocated: thin series in a large city never get one.
type seriesStats struct {
	id       seriesID
	first    int     // index of its first day with a ticket
	meanHist float64 // tickets a day from then to the window
}

// makePlan turns the counted cells into zero-filled daily series. Each
// series starts on its first day with a ticket: the days before a
// municipality's data (or a new category) began are not days of zero
// demand.
func makePlan(cells []cell, sp span, rules planRules) plan {
	stats := map[seriesID]*seriesStats{}
	histSum := map[seriesID]int{}
	for _, c := range cells {
		i := sp.index(c.day)
		if i < 0 || i >= sp.days {
			continue
		}
		for _, id := range seriesOf(c, rules.oneNeighbourhood) {
			st := stats[id]
			if st == nil {
				st = &seriesStats{id: id, first: i}
				stats[id] = st
			}
			st.first = min(st.first, i)
			if i < sp.days-sp.window {
				histSum[id] += c.n
			}
		}
	}
	var p plan
	var chosen []*seriesStats
	for id, st := range stats {
		if n := sp.days - sp.window - st.first; n > 0 {
			st.meanHist = float64(histSum[id]) / float64(n)
		}
		if id.neighbourhood != 0 && !rules.oneNeighbourhood && st.meanHist < rules.minMeanPerDay {
			p.belowVolume++
			continue
		}
		chosen = append(chosen, st)
	}
	// Whole-municipality series first, then the busiest.
	slices.SortFunc(chosen, func(a, b *seriesStats) int {
		return cmp.Or(cmp.Compare(min(a.id.neighbourhood, 1), min(b.id.neighbourhood, 1)),
			-cmp.Compare(a.meanHist, b.meanHist),
			cmp.Compare(a.id.category, b.id.category), cmp.Compare(a.id.neighbourhood, b.id.neighbourhood))
	})
	if len(chosen) > rules.maxSeries {
		p.overCap = len(chosen) - rules.maxSeries
		chosen = chosen[:rules.maxSeries]
	}
	index := make(map[seriesID]int, len(chosen))
	for i, st := range chosen {
		index[st.id] = i
		p.ids = append(p.ids, st.id)
		p.series = append(p.series, countmodel.Series{
			Key:    strconv.Itoa(i),
			Start:  sp.first.AddDate(0, 0, st.first),
			Counts: make([]float64, sp.days-st.first),
		})
	}
	for _, c := range cells {
		i := sp.index(c.day)
		if i < 0 || i >= sp.days {
			continue
		}
		for _, id := range seriesOf(c, rules.oneNeighbourhood) {
			if k, ok := index[id]; ok {
				p.series[k].Counts[i-chosen[k].first] += float64(c.n)
			}
		}
	}
	return p
}

// seriesOf lists the series a cell counts in: its category in the whole
// municipality and, when the neighbourhood is known, in the neighbourhood.
func seriesOf(c cell, oneNeighbourhood bool) []seriesID {
	switch {
	case oneNeighbourhood:
		return []seriesID{{c.category, c.neighbourhood}}
	case c.neighbourhood == 0:
		return []seriesID{{c.category, 0}}
	}
	return []seriesID{{c.category, 0}, {c.category, c.neighbourhood}}
}
