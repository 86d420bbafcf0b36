package export

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/jackc/pgx/v5"

	"loket/geo"
	"loket/ticketing"
)

// Fixed vocabularies, as the schema's CHECK constraints allow them.
var (
	statuses = []ticketing.Status{ticketing.StatusNew, ticketing.StatusTriaged, ticketing.StatusAssigned,
		ticketing.StatusInProgress, ticketing.StatusWaiting, ticketing.StatusResolved, ticketing.StatusClosed,
		ticketing.StatusRejected, ticketing.StatusDuplicate}
	channels = []ticketing.Channel{ticketing.ChannelPhone, ticketing.ChannelDesk, ticketing.ChannelEmail,
		ticketing.ChannelWeb, ticketing.ChannelApp, ticketing.ChannelAPI}
	qualities = []geo.Quality{geo.QualityAddress, geo.QualityInterpolated, geo.QualityStreet,
		geo.QualityNeighbourhood, geo.QualityPoint, geo.QualityNone}
)

// vocabulary is a dictionary column's values and each value's index.
type vocabulary struct {
	values arrow.Array
	index  map[string]int8
}

func newVocabulary[S ~string](words []S) vocabulary {
	v := vocabulary{index: make(map[string]int8, len(words))}
	names := make([]string, len(words))
	for i, w := range words {
		names[i], v.index[string(w)] = string(w), int8(i)
	}
	v.values = stringArray(names)
	return v
}

// lookups turn the ids of a ticket row into dictionary indexes, names
// and the links the home check needs. They are read in the export's
// snapshot, so every id of a row is found, and only for the columns
// asked for: a narrow scan reads no register.
type lookups struct {
	dicts              map[string]dictionary // category, neighbourhood, team, assignee
	words              map[string]vocabulary // status, channel, geocode_quality
	homeOf, residentOf idMap                 // resident → their address; citizen → their resident record
}

// vocabularies are the fixed dictionaries.
var vocabularies = map[string]func() vocabulary{
	ColStatus:         func() vocabulary { return newVocabulary(statuses) },
	ColChannel:        func() vocabulary { return newVocabulary(channels) },
	ColGeocodeQuality: func() vocabulary { return newVocabulary(qualities) },
}

// loadLookups reads the small tables the columns of st need: a
// dictionary's values, and for a public place the registers its home
// check reads.
func loadLookups(ctx context.Context, tx pgx.Tx, municipalityID int, st statement) (*lookups, error) {
	lk := &lookups{dicts: map[string]dictionary{}, words: map[string]vocabulary{}}
	for _, f := range st.fields {
		if sql, ok := dictionarySQL[f.Name]; ok {
			d, err := readDictionary(ctx, tx, sql, municipalityID)
			if err != nil {
				lk.release()
				return nil, err
			}
			lk.dicts[f.Name] = d
		}
		if v, ok := vocabularies[f.Name]; ok {
			lk.words[f.Name] = v()
		}
	}
	if st.homes {
		if err := lk.loadHomes(ctx, tx, municipalityID); err != nil {
			lk.release()
			return nil, err
		}
	}
	return lk, nil
}

func (lk *lookups) loadHomes(ctx context.Context, tx pgx.Tx, municipalityID int) error {
	ids, addresses, err := pairs[int64](ctx, tx, `SELECT id, address_id FROM resident WHERE municipality_id = $1 AND address_id IS NOT NULL`, municipalityID)
	if err != nil {
		return err
	}
	lk.homeOf = newIDMap(ids, addresses)
	ids, residents, err := pairs[int64](ctx, tx, `SELECT id, resident_id FROM citizen WHERE municipality_id = $1 AND resident_id IS NOT NULL`, municipalityID)
	lk.residentOf = newIDMap(ids, residents)
	return err
}

// release frees the dictionaries; batches built with them keep their own
// references.
func (lk *lookups) release() {
	for _, d := range lk.dicts {
		d.values.Release()
	}
	for _, v := range lk.words {
		v.values.Release()
	}
}

// pairs reads (id, value) rows: a register holds tens of thousands, so
// they are decoded raw, which is several times quicker than Scan.
func pairs[V int64 | string](ctx context.Context, tx pgx.Tx, sql string, municipalityID int) ([]int64, []V, error) {
	rows, err := tx.Query(ctx, sql, pgx.QueryResultFormats{pgx.BinaryFormatCode, pgx.BinaryFormatCode}, municipalityID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var values []V
	for rows.Next() {
		raw := rows.RawValues()
		id, ok := rawInt(raw[0])
		if !ok || raw[1] == nil {
			return nil, nil, fmt.Errorf("%s: an id of %d bytes or a null value", sql, len(raw[0]))
		}
		var v V
		switch p := any(&v).(type) {
		case *string:
			*p = string(raw[1])
		case *int64:
			if *p, ok = rawInt(raw[1]); !ok {
				return nil, nil, fmt.Errorf("%s: a value of %d bytes", sql, len(raw[1]))
			}
		}
		ids, values = append(ids, id), append(values, v)
	}
	return ids, values, rows.Err()
}

// rawInt reads a binary smallint, integer or bigint.
func rawInt(b []byte) (int64, bool) {
	switch len(b) {
	case 2:
		return int64(int16At(b)), true
	case 4:
		return int64(int32At(b)), true
	case 8:
		return int64At(b), true
	}
	return 0, false
}

// positions is 0, 1, …, n-1.
func positions(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

func stringArray(values []string) arrow.Array {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(values, nil)
	return b.NewArray()
}
