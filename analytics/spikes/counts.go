package spikes

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/export"
	"loket/internal/errs"
	"loket/ticketing"
)

// cell is the number of tickets of one category in one neighbourhood (0:
// none known) on one day.
type cell struct {
	day           time.Time // midnight UTC of the local date
	category      int
	neighbourhood int
	n             int
}

// readCounts counts sc's tickets per local day, category and
// neighbourhood from first to last (both included) from the Arrow
// batches of the ticket export, read in tx's snapshot (and by a second
// reader from pool on it): the detection counts what an export holds.
// Days without tickets are simply absent.
func readCounts(ctx context.Context, tx pgx.Tx, pool *pgxpool.Pool, sc *scope, zone string, first, last time.Time) ([]cell, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "the municipality's time zone is not known")
	}
	g := &grid{local: export.NewDays(loc, first, last), first: dateOf(first)}
	if g.categories, err = export.DictionaryIDs(ctx, tx, sc.municipality, export.ColCategory); err != nil {
		return nil, err
	}
	if g.neighbourhoods, err = export.DictionaryIDs(ctx, tx, sc.municipality, export.ColNeighbourhood); err != nil {
		return nil, err
	}
	g.choose(sc.chosen)
	if err := export.ScanTx(ctx, tx, pool, g.request(sc), g.add); err != nil {
		return nil, err
	}
	return g.cells(), nil
}

// grid counts tickets by day in a series per category and neighbourhood
// dictionary index, each made when its first ticket comes, so a row
// costs a few slice look-ups.
type grid struct {
	local                      export.Days
	first                      time.Time
	categories, neighbourhoods []int64   // the id of each dictionary index
	skip                       []bool    // by category index: not asked for; nil: none
	counts                     [][]int32 // by category index × (neighbourhood index + 1, 0 for none)
}

func (g *grid) choose(chosen []int) {
	g.counts = make([][]int32, len(g.categories)*(len(g.neighbourhoods)+1))
	if chosen == nil {
		return
	}
	g.skip = make([]bool, len(g.categories))
	for i, id := range g.categories {
		g.skip[i] = true
		for _, c := range chosen {
			g.skip[i] = g.skip[i] && int64(c) != id
		}
	}
}

// request asks for the three columns counted, over the days' instants and
// in the neighbourhood asked for; categories are picked in Go.
func (g *grid) request(sc *scope) export.Request {
	from, to := g.local.From(), g.local.To()
	req := export.Request{MunicipalityID: sc.municipality,
		Columns: []string{export.ColCreatedAt, export.ColCategory, export.ColNeighbourhood},
		Filter:  ticketing.Filter{CreatedFrom: &from, CreatedTo: &to}}
	if sc.neighbourhood != 0 {
		req.Filter.Neighbourhood = sc.neighbourhoods[sc.neighbourhood].Code
	}
	return req
}

func (g *grid) add(rec arrow.RecordBatch) error {
	created, categories, nbh, err := g.columns(rec)
	if err != nil {
		return err
	}
	neighbourhoods, width, placed := nbh.Int16Values(), len(g.neighbourhoods)+1, nbh.NullN() == 0
	for i, t := range created {
		d, c := g.local.Index(t), categories[i]
		if d < 0 || (g.skip != nil && g.skip[c]) {
			continue
		}
		k := int(c) * width
		if placed || nbh.IsValid(i) {
			k += int(neighbourhoods[i]) + 1
		}
		s := g.counts[k]
		if s == nil {
			s = make([]int32, g.local.Len())
			g.counts[k] = s
		}
		s[d]++
	}
	return nil
}

// columns reads a batch as request asks for it: created_at, then the
// category's and the neighbourhood's dictionary indexes.
func (g *grid) columns(rec arrow.RecordBatch) ([]arrow.Timestamp, []int16, *array.Int16, error) {
	created, ok := rec.Column(0).(*array.Timestamp)
	category, okc := rec.Column(1).(*array.Dictionary)
	nbh, okn := rec.Column(2).(*array.Dictionary)
	if !ok || !okc || !okn || created.NullN() > 0 || category.NullN() > 0 ||
		category.Dictionary().Len() != len(g.categories) || nbh.Dictionary().Len() != len(g.neighbourhoods) {
		return nil, nil, nil, fmt.Errorf("a batch of %s is not the columns counted", rec.Schema())
	}
	ci, okc := category.Indices().(*array.Int16)
	ni, okn := nbh.Indices().(*array.Int16)
	if !okc || !okn {
		return nil, nil, nil, fmt.Errorf("dictionary indexes of types %s and %s", category.Indices().DataType(), nbh.Indices().DataType())
	}
	return created.TimestampValues(), ci.Int16Values(), ni, nil
}

// cells lists the counts that are not zero.
func (g *grid) cells() []cell {
	days := make([]time.Time, g.local.Len())
	for d := range days {
		days[d] = g.first.AddDate(0, 0, d)
	}
	width, n := len(g.neighbourhoods)+1, 0
	for _, s := range g.counts {
		for _, c := range s {
			n += min(int(c), 1)
		}
	}
	out := make([]cell, 0, n) // a city's two years hold some 100,000 cells: no growing
	for k, s := range g.counts {
		if s == nil {
			continue
		}
		c := cell{category: int(g.categories[k/width])}
		if n := k % width; n > 0 {
			c.neighbourhood = int(g.neighbourhoods[n-1])
		}
		for d, n := range s {
			if n > 0 {
				c.day, c.n = days[d], int(n)
				out = append(out, c)
			}
		}
	}
	return out
}
