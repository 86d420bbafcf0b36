package export

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// batch builds record batches from raw rows of a statement: one filler
// per column asked for, so a narrow scan decodes only what it gives. The
// builders are reused from batch to batch.
type batch struct {
	schema   *arrow.Schema
	cols     []filler // in the schema's order
	place    *place   // the row's point; nil when no place column is asked for
	rows     int
	capacity int // rows in a full batch
}

func newBatch(st statement, lk *lookups, capacity int) *batch {
	b := &batch{schema: arrow.NewSchema(st.fields, nil), capacity: capacity}
	for _, f := range st.fields {
		b.cols = append(b.cols, b.filler(f.Name, st, lk))
	}
	b.reserve(min(capacity, 1024))
	return b
}

// filler makes the filler of the named column.
func (b *batch) filler(name string, st statement, lk *lookups) filler {
	at := st.at[reads[name]]
	switch name {
	case ColID:
		return newInt64s(at)
	case ColReference, ColDescription, ColAddress:
		return newTexts(at)
	case ColCategory, ColNeighbourhood, ColTeam, ColAssignee:
		return newIndexes(at, lk.dicts[name], name)
	case ColStatus, ColChannel, ColGeocodeQuality:
		return newWords(at, lk.words[name], name)
	case ColCreatedAt, ColClosedAt, ColDueAt:
		return newTimes(at)
	case ColPriority:
		return newPriorities(at)
	}
	if b.place == nil {
		b.place = &place{at: at}
		if st.homes {
			b.place.home = &homes{lk: lk, address: st.at["address_id"], resident: st.at["reporter_resident_id"],
				citizen: st.at["reporter_citizen_id"]}
		}
	}
	if name == ColGeometry {
		return newPoints(b.place)
	}
	return newCoords(b.place, name == ColLat)
}

// reserve sizes the builders for n rows at once; a small export does not
// pay for a full batch, a big one does not grow its buffers step by step.
func (b *batch) reserve(n int) {
	for _, c := range b.cols {
		c.reserve(n)
	}
}

func (b *batch) release() {
	for _, c := range b.cols {
		c.release()
	}
}

// add appends one row of raw binary values.
func (b *batch) add(row [][]byte) error {
	if b.place != nil {
		if err := b.place.read(row); err != nil {
			return err
		}
	}
	for _, c := range b.cols {
		if err := c.fill(row); err != nil {
			return err
		}
	}
	b.rows++
	return nil
}

// finish returns the rows added so far as a record batch and starts the
// next one.
func (b *batch) finish() arrow.RecordBatch {
	cols := make([]arrow.Array, len(b.cols))
	for i, c := range b.cols {
		cols[i] = c.array()
	}
	rec := array.NewRecordBatch(b.schema, cols, int64(b.rows))
	for _, c := range cols {
		c.Release()
	}
	if b.rows == b.capacity {
		b.reserve(b.capacity)
	}
	b.rows = 0
	return rec
}
