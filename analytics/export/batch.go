package export

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// batch builds one record batch from raw rows of publicSelect or
// staffSelect. The builders are reused from batch to batch.
type batch struct {
	schema   *arrow.Schema
	staff    bool
	lk       *lookups
	rows     int
	capacity int // rows in a full batch

	id                            *array.Int64Builder
	reference                     *array.StringBuilder
	category, neighbourhood, team *array.Int16Builder
	status, channel, quality      *array.Int8Builder
	createdAt, closedAt, dueAt    *array.TimestampBuilder
	lon, lat                      *array.Float64Builder
	geometry                      *array.BinaryBuilder
	assignee, description, addr   *array.StringBuilder
	priority                      *array.Int8Builder
	wkb                           [21]byte
}

func newBatch(lk *lookups, staff bool, capacity int) *batch {
	mem := memory.DefaultAllocator
	b := &batch{schema: Schema(staff), staff: staff, lk: lk, capacity: capacity,
		id: array.NewInt64Builder(mem), reference: array.NewStringBuilder(mem),
		category: array.NewInt16Builder(mem), neighbourhood: array.NewInt16Builder(mem),
		status: array.NewInt8Builder(mem), channel: array.NewInt8Builder(mem),
		createdAt: array.NewTimestampBuilder(mem, utcMicros), closedAt: array.NewTimestampBuilder(mem, utcMicros),
		lon: array.NewFloat64Builder(mem), lat: array.NewFloat64Builder(mem), geometry: array.NewBinaryBuilder(mem, arrow.BinaryTypes.Binary)}
	if staff {
		b.team, b.quality, b.priority = array.NewInt16Builder(mem), array.NewInt8Builder(mem), array.NewInt8Builder(mem)
		b.dueAt = array.NewTimestampBuilder(mem, utcMicros)
		b.assignee, b.description, b.addr = array.NewStringBuilder(mem), array.NewStringBuilder(mem), array.NewStringBuilder(mem)
	}
	b.reserve(min(capacity, 1024))
	return b
}

// reserve sizes the builders for n rows at once; a small export does not
// pay for a full batch, a big one does not grow its buffers step by step.
func (b *batch) reserve(n int) {
	for _, r := range b.builders() {
		r.Reserve(n)
	}
	b.reference.ReserveData(n * 16)
	b.geometry.ReserveData(n * 21)
}

func (b *batch) builders() []array.Builder {
	out := []array.Builder{b.id, b.reference, b.category, b.status, b.channel, b.createdAt, b.closedAt,
		b.neighbourhood, b.lon, b.lat, b.geometry}
	if b.staff {
		out = append(out, b.team, b.assignee, b.priority, b.dueAt, b.description, b.quality, b.addr)
	}
	return out
}

func (b *batch) release() {
	for _, r := range b.builders() {
		r.Release()
	}
}

// add appends one row of raw binary values.
func (b *batch) add(v [][]byte) error {
	lk := b.lk
	b.id.Append(int64At(v[0]))
	b.reference.BinaryBuilder.Append(v[1])
	if err := appendIndex(b.category, lk.categories, v[2], "category"); err != nil {
		return err
	}
	if err := appendWord(b.status, lk.status, v[3], "status"); err != nil {
		return err
	}
	if err := appendWord(b.channel, lk.channel, v[4], "channel"); err != nil {
		return err
	}
	b.createdAt.Append(arrow.Timestamp(unixMicros(v[5])))
	appendTime(b.closedAt, v[6])
	if err := appendIndex(b.neighbourhood, lk.neighbourhoods, v[7], "neighbourhood"); err != nil {
		return err
	}
	var err error
	if b.staff {
		err = b.addStaff(v)
	} else {
		err = b.addPlace(v[8], b.atHome(v[9], v[10], v[11]))
	}
	b.rows++
	return err
}

// addStaff appends the staff columns and the exact place.
func (b *batch) addStaff(v [][]byte) error {
	lk := b.lk
	if err := b.addPlace(v[8], false); err != nil {
		return err
	}
	if err := appendIndex(b.team, lk.teams, v[9], "team"); err != nil {
		return err
	}
	if v[10] == nil {
		b.assignee.AppendNull()
	} else if i, ok := lk.staff.get(int64(int32At(v[10]))); ok {
		b.assignee.Append(lk.staffNames[i])
	} else {
		return fmt.Errorf("assignee %d is not in the snapshot", int32At(v[10]))
	}
	b.priority.Append(int8(int16At(v[11])))
	appendTime(b.dueAt, v[12])
	b.description.BinaryBuilder.Append(v[13])
	if err := appendWord(b.quality, lk.quality, v[14], "geocode quality"); err != nil {
		return err
	}
	if v[15] == nil {
		b.addr.AppendNull()
	} else {
		b.addr.BinaryBuilder.Append(v[15])
	}
	return nil
}

// atHome says whether a ticket lies at the registered home of its
// reporter, directly or through the citizen account they reported with.
func (b *batch) atHome(address, resident, citizen []byte) bool {
	if address == nil {
		return false
	}
	at := int64At(address)
	if resident != nil {
		if home, ok := b.lk.homeOf.get(int64At(resident)); ok && home == at {
			return true
		}
	}
	if citizen != nil {
		if r, ok := b.lk.residentOf.get(int64At(citizen)); ok {
			home, ok := b.lk.homeOf.get(r)
			return ok && home == at
		}
	}
	return false
}

// addPlace appends lon, lat and the WKB point, rounded at a home.
func (b *batch) addPlace(g []byte, home bool) error {
	if g == nil {
		b.lon.AppendNull()
		b.lat.AppendNull()
		b.geometry.AppendNull()
		return nil
	}
	x, y, ok, err := point(g)
	if err != nil {
		return err
	}
	if !ok {
		b.lon.AppendNull()
		b.lat.AppendNull()
		b.geometry.AppendNull()
		return nil
	}
	if home {
		x, y = roundHome(x), roundHome(y)
	}
	b.lon.Append(x)
	b.lat.Append(y)
	b.geometry.Append(wkbPoint(&b.wkb, x, y))
	return nil
}

func appendIndex(to *array.Int16Builder, ids idMap, v []byte, what string) error {
	if v == nil {
		to.AppendNull()
		return nil
	}
	i, ok := ids.get(int64(int32At(v)))
	if !ok {
		return fmt.Errorf("%s %d is not in the snapshot", what, int32At(v))
	}
	to.Append(int16(i))
	return nil
}

func appendWord(to *array.Int8Builder, words vocabulary, v []byte, what string) error {
	i, ok := words.index[string(v)]
	if !ok {
		return fmt.Errorf("%s %q has no place in the export's dictionary", what, v)
	}
	to.Append(i)
	return nil
}

func appendTime(to *array.TimestampBuilder, v []byte) {
	if v == nil {
		to.AppendNull()
		return
	}
	to.Append(arrow.Timestamp(unixMicros(v)))
}

// finish returns the rows added so far as a record batch and starts the
// next one.
func (b *batch) finish() arrow.RecordBatch {
	lk := b.lk
	cols := []arrow.Array{b.id.NewArray(), b.reference.NewArray(),
		dictionaryOf(dict16, b.category, lk.categoryNames), dictionaryOf(dict8, b.status, lk.status.values),
		dictionaryOf(dict8, b.channel, lk.channel.values), b.createdAt.NewArray(), b.closedAt.NewArray(),
		dictionaryOf(dict16, b.neighbourhood, lk.neighbourhoodNames), b.lon.NewArray(), b.lat.NewArray(), b.geometry.NewArray()}
	if b.staff {
		cols = append(cols, dictionaryOf(dict16, b.team, lk.teamCodes), b.assignee.NewArray(), b.priority.NewArray(),
			b.dueAt.NewArray(), b.description.NewArray(), dictionaryOf(dict8, b.quality, lk.quality.values), b.addr.NewArray())
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

func dictionaryOf(typ *arrow.DictionaryType, indexes array.Builder, values arrow.Array) arrow.Array {
	idx := indexes.NewArray()
	defer idx.Release()
	return array.NewDictionaryArray(typ, idx, values)
}
