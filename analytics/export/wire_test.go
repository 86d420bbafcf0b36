package export

import (
	"encoding/binary"
	"math"
	"testing"
)

func TestPointsAreReadFromEWKBAndWKBInEitherByteOrder(t *testing.T) {
	le := func(srid bool, typ uint32, x, y float64) []byte {
		b := []byte{1}
		if srid {
			typ |= ewkbSRID
		}
		b = binary.LittleEndian.AppendUint32(b, typ)
		if srid {
			b = binary.LittleEndian.AppendUint32(b, 4326)
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(y))
	}
	be := []byte{0}
	be = binary.BigEndian.AppendUint32(be, 1)
	be = binary.BigEndian.AppendUint64(be, math.Float64bits(3.25))
	be = binary.BigEndian.AppendUint64(be, math.Float64bits(50.8))
	var own [21]byte
	for _, c := range []struct {
		name   string
		g      []byte
		x, y   float64
		ok     bool
		broken bool
	}{
		{"EWKB with an SRID", le(true, 1, 3.26, 50.82), 3.26, 50.82, true, false},
		{"our own WKB", wkbPoint(&own, -3.5, 51.25), -3.5, 51.25, true, false},
		{"big-endian WKB", be, 3.25, 50.8, true, false},
		{"with a Z", append(le(true, 1|ewkbZ, 3.1, 50.9), make([]byte, 8)...), 3.1, 50.9, true, false},
		{"an empty point", le(true, 1, math.NaN(), math.NaN()), 0, 0, false, false},
		{"a line", le(true, 2, 1, 2), 0, 0, false, true},
		{"cut short", le(true, 1, 1, 2)[:20], 0, 0, false, true},
	} {
		x, y, ok, err := point(c.g)
		if (err != nil) != c.broken || ok != c.ok || (ok && (x != c.x || y != c.y)) {
			t.Errorf("%s: %v %v %v %v", c.name, x, y, ok, err)
		}
	}
}

func TestIDMapsFindTheirIDsDenseOrSparse(t *testing.T) {
	for _, ids := range [][]int64{{1, 2, 3, 7}, {5, 1 << 40, 9}, {-4, 2}} {
		m := newIDMap(ids, []int64{10, 20, 30, 40}[:len(ids)])
		for i, id := range ids {
			if v, ok := m.get(id); !ok || v != int64(10*(i+1)) {
				t.Errorf("%v: get(%d) = %d %v", ids, id, v, ok)
			}
		}
		for _, id := range []int64{0, 4, 8, -1, 1 << 41} {
			if _, ok := m.get(id); ok {
				t.Errorf("%v: found %d", ids, id)
			}
		}
	}
}
