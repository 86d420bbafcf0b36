package export

import (
	"context"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// pageRange is the tickets in pages [from, to) of the table, as tids for
// a TID range scan: the readers split the table by pages, which costs
// PostgreSQL nothing, whatever the filter.
type pageRange struct{ from, to pgtype.TID }

// pageRanges cuts the ticket table into ranges of about rangeRows rows
// each, by its size and the planner's rows per page. A few ranges per
// batch let the readers share a skewed filter (recent tickets lie in the
// last pages) evenly. The last range is open-ended, which is free.
func pageRanges(ctx context.Context, tx pgx.Tx, rangeRows int) ([]pageRange, error) {
	var pages, statPages int64
	var statRows float64
	err := tx.QueryRow(ctx, `
		SELECT pg_relation_size(c.oid) / current_setting('block_size')::int, c.relpages, c.reltuples
		FROM pg_class c WHERE c.oid = 'ticket'::regclass`).Scan(&pages, &statPages, &statRows)
	if err != nil {
		return nil, err
	}
	perPage := 20.0 // rows of a typical ticket in an 8 kB page, until ANALYZE knows better
	if statPages > 0 && statRows > 0 {
		perPage = statRows / float64(statPages)
	}
	step := max(1, int64(float64(rangeRows)/perPage))
	var out []pageRange
	for from := int64(0); ; from += step {
		r := pageRange{from: tid(from), to: tid(from + step)}
		if from+step >= pages {
			r.to = tid(math.MaxUint32)
			return append(out, r), nil
		}
		out = append(out, r)
	}
}

func tid(page int64) pgtype.TID {
	return pgtype.TID{BlockNumber: uint32(page), OffsetNumber: 0, Valid: true}
}
