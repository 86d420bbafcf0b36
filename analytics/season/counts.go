package season

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/export"
	"loket/ticketing"
)

// readCounts counts the tickets per local day and category over days
// from the Arrow batches of the ticket export, read in tx's snapshot (and
// by a second reader from pool on it): the analyses count what an export
// holds. Every category asked for gets a series, with or without
// tickets; without a choice, every category with tickets.
func readCounts(ctx context.Context, tx pgx.Tx, pool *pgxpool.Pool, sc *scope, days []time.Time) (map[int][]float64, error) {
	local := export.NewDays(sc.zone, days[0], days[len(days)-1])
	ids, err := export.DictionaryIDs(ctx, tx, sc.municipality, export.ColCategory)
	if err != nil {
		return nil, err
	}
	c := newCounter(sc, local, ids)
	if err := export.ScanTx(ctx, tx, pool, countRequest(sc, local), c.add); err != nil {
		return nil, err
	}
	return c.counts, nil
}

// countRequest asks for the two columns counted, over the days' instants
// and in the neighbourhood asked for; categories are picked in Go.
func countRequest(sc *scope, local export.Days) export.Request {
	from, to := local.From(), local.To()
	req := export.Request{MunicipalityID: sc.municipality, Columns: []string{export.ColCreatedAt, export.ColCategory},
		Filter: ticketing.Filter{CreatedFrom: &from, CreatedTo: &to}}
	if sc.nbh != nil {
		req.Filter.Neighbourhood = sc.nbh.Code
	}
	return req
}

// counter adds up the batches of a scan, by the category's index in the
// column's dictionary, so a row costs a few slice look-ups.
type counter struct {
	local  export.Days
	ids    []int64     // the category id of each dictionary index
	series [][]float64 // by dictionary index; nil until a ticket comes
	skip   []bool      // by dictionary index: not asked for; nil: none
	counts map[int][]float64
}

func newCounter(sc *scope, local export.Days, ids []int64) *counter {
	c := &counter{local: local, ids: ids, series: make([][]float64, len(ids)), counts: map[int][]float64{}}
	if sc.chosen == nil {
		return c
	}
	for _, id := range sc.chosen {
		c.counts[id] = make([]float64, local.Len())
	}
	c.skip = make([]bool, len(ids))
	for i, id := range ids {
		c.series[i] = c.counts[int(id)]
		c.skip[i] = c.series[i] == nil
	}
	return c
}

func (c *counter) add(rec arrow.RecordBatch) error {
	created, categories, err := countColumns(rec, len(c.ids))
	if err != nil {
		return err
	}
	for i, t := range created {
		d, k := c.local.Index(t), categories[i]
		if d < 0 || (c.skip != nil && c.skip[k]) {
			continue
		}
		s := c.series[k]
		if s == nil {
			s = make([]float64, c.local.Len())
			c.series[k], c.counts[int(c.ids[k])] = s, s
		}
		s[d]++
	}
	return nil
}

// countColumns reads a batch as countRequest asks for it: created_at,
// then the category's dictionary indexes, neither ever null.
func countColumns(rec arrow.RecordBatch, categories int) ([]arrow.Timestamp, []int16, error) {
	created, ok := rec.Column(0).(*array.Timestamp)
	category, isDict := rec.Column(1).(*array.Dictionary)
	if !ok || !isDict || created.NullN() > 0 || category.NullN() > 0 || category.Dictionary().Len() != categories {
		return nil, nil, fmt.Errorf("a batch of %s is not the columns counted", rec.Schema())
	}
	indexes, ok := category.Indices().(*array.Int16)
	if !ok {
		return nil, nil, fmt.Errorf("category indexes of type %s", category.Indices().DataType())
	}
	return created.TimestampValues(), indexes.Int16Values(), nil
}
