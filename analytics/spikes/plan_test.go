package spikes

import (
	"slices"
	"testing"
	"time"
)

func TestPlanFillsMissingDaysWithZerosFromEachSeriesFirstTicket(t *testing.T) {
	sp := span{first: date(2025, 1, 1), days: 10, window: 3}
	cells := []cell{
		{day: date(2025, 1, 3), category: 1, neighbourhood: 5, n: 4},
		{day: date(2025, 1, 6), category: 1, neighbourhood: 0, n: 2},
		{day: date(2025, 1, 10), category: 1, neighbourhood: 5, n: 1},
	}
	p := makePlan(cells, sp, planRules{minMeanPerDay: 0, maxSeries: 10})
	if len(p.series) != 2 {
		t.Fatalf("want the category and the category in neighbourhood 5, got %v", p.ids)
	}
	whole := p.series[slices.Index(p.ids, seriesID{1, 0})]
	if !whole.Start.Equal(date(2025, 1, 3)) {
		t.Errorf("the series starts %s, want its first ticket's day 2025-01-03", whole.Start.Format(time.DateOnly))
	}
	want := []float64{4, 0, 0, 2, 0, 0, 0, 1}
	if !slices.Equal(whole.Counts, want) {
		t.Errorf("whole municipality: %v, want %v", whole.Counts, want)
	}
	local := p.series[slices.Index(p.ids, seriesID{1, 5})]
	if want := []float64{4, 0, 0, 0, 0, 0, 0, 1}; !slices.Equal(local.Counts, want) {
		t.Errorf("neighbourhood 5: %v, want %v (a ticket without neighbourhood counts only for the whole)", local.Counts, want)
	}
}

func TestPlanKeepsThinNeighbourhoodSeriesOutUnlessOneNeighbourhoodIsAskedFor(t *testing.T) {
	sp := span{first: date(2025, 1, 1), days: 12, window: 2}
	var cells []cell
	for i := range 12 {
		d := date(2025, 1, 1+i)
		cells = append(cells,
			cell{day: d, category: 1, neighbourhood: 7, n: 3},     // 3 a day
			cell{day: d, category: 2, neighbourhood: 7, n: i % 2}, // 0.5 a day
			cell{day: d, category: 3, neighbourhood: 8, n: 5},     // 5 a day
		)
	}
	p := makePlan(cells, sp, planRules{minMeanPerDay: 2, maxSeries: 100})
	want := []seriesID{{1, 0}, {2, 0}, {3, 0}, {3, 8}, {1, 7}}
	if !sameIDs(p.ids, want) || p.belowVolume != 1 {
		t.Errorf("monitored %v (below volume %d), want %v and 1 below", p.ids, p.belowVolume, want)
	}
	if p.ids[0].neighbourhood != 0 || p.ids[3] != (seriesID{3, 8}) {
		t.Errorf("want whole-municipality series first, then the busiest neighbourhood series: %v", p.ids)
	}
	capped := makePlan(cells, sp, planRules{minMeanPerDay: 2, maxSeries: 4})
	if len(capped.series) != 4 || capped.overCap != 1 || slices.Contains(capped.ids, seriesID{1, 7}) {
		t.Errorf("a cap of 4 should drop the thinnest neighbourhood series: %v, over cap %d", capped.ids, capped.overCap)
	}
	var oneNeighbourhood []cell
	for _, c := range cells {
		if c.neighbourhood == 7 {
			oneNeighbourhood = append(oneNeighbourhood, c)
		}
	}
	asked := makePlan(oneNeighbourhood, sp, planRules{oneNeighbourhood: true, minMeanPerDay: 2, maxSeries: 100})
	if !sameIDs(asked.ids, []seriesID{{1, 7}, {2, 7}}) || asked.belowVolume != 0 {
		t.Errorf("one neighbourhood asked for: %v, want every category there", asked.ids)
	}
}

func sameIDs(a, b []seriesID) bool {
	less := func(x, y seriesID) int { return x.category*1000 + x.neighbourhood - y.category*1000 - y.neighbourhood }
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, less)
	slices.SortFunc(b, less)
	return slices.Equal(a, b)
}
