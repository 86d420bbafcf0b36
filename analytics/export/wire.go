package export

import (
	"encoding/binary"
	"fmt"
	"math"
)

// The rows arrive in PostgreSQL's binary format and are decoded here by
// hand: it is the hot loop, and each value is a few fixed bytes.

// Type OIDs of the columns read, checked once per query so a schema
// change fails loudly instead of decoding garbage.
const (
	oidInt8        = 20
	oidInt2        = 21
	oidInt4        = 23
	oidText        = 25
	oidTimestamptz = 1184
	oidAny         = 0 // geometry: its OID differs per database
)

// pgEpochMicros is 2000-01-01, PostgreSQL's epoch, in Unix microseconds.
const pgEpochMicros = 946_684_800_000_000

func int64At(b []byte) int64 { return int64(binary.BigEndian.Uint64(b)) }
func int32At(b []byte) int32 { return int32(binary.BigEndian.Uint32(b)) }
func int16At(b []byte) int16 { return int16(binary.BigEndian.Uint16(b)) }

// unixMicros reads a timestamptz as Unix microseconds (UTC).
func unixMicros(b []byte) int64 { return int64At(b) + pgEpochMicros }

// EWKB flags of PostGIS: the geometry carries an SRID, a Z or an M.
const (
	ewkbSRID = 0x20000000
	ewkbZ    = 0x80000000
	ewkbM    = 0x40000000
)

// point reads x and y from a point in (E)WKB; ok is false for an empty
// point.
func point(g []byte) (x, y float64, ok bool, err error) {
	if len(g) < 5 {
		return 0, 0, false, fmt.Errorf("geometry of %d bytes", len(g))
	}
	var order binary.ByteOrder = binary.LittleEndian
	if g[0] == 0 {
		order = binary.BigEndian
	}
	typ := order.Uint32(g[1:])
	at := 5
	if typ&ewkbSRID != 0 {
		at += 4
	}
	if typ&^(ewkbSRID|ewkbZ|ewkbM) != 1 {
		return 0, 0, false, fmt.Errorf("geometry of type %#x, not a point", typ)
	}
	if len(g) < at+16 {
		return 0, 0, false, fmt.Errorf("point of %d bytes", len(g))
	}
	x, y = math.Float64frombits(order.Uint64(g[at:])), math.Float64frombits(order.Uint64(g[at+8:]))
	if math.IsNaN(x) || math.IsNaN(y) {
		return 0, 0, false, nil
	}
	return x, y, true, nil
}

// wkbPoint writes a 2D point as little-endian WKB into dst.
func wkbPoint(dst *[21]byte, x, y float64) []byte {
	dst[0] = 1
	binary.LittleEndian.PutUint32(dst[1:], 1)
	binary.LittleEndian.PutUint64(dst[5:], math.Float64bits(x))
	binary.LittleEndian.PutUint64(dst[13:], math.Float64bits(y))
	return dst[:]
}
