package export

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// place is the point of the row being added, read once for lon, lat and
// geometry, and rounded where the ticket lies at its reporter's home.
type place struct {
	at   int    // of the geometry in a row
	home *homes // nil: exact points (staff)
	x, y float64
	ok   bool // the ticket has a point
	wkb  [21]byte
}

func (p *place) read(row [][]byte) error {
	p.ok = false
	g := row[p.at]
	if g == nil {
		return nil
	}
	x, y, ok, err := point(g)
	if err != nil || !ok {
		return err
	}
	if p.home != nil && p.home.atHome(row) {
		x, y = roundHome(x), roundHome(y)
	}
	p.x, p.y, p.ok = x, y, true
	return nil
}

// homes finds a ticket's reporter's home through the registers.
type homes struct {
	lk                         *lookups
	address, resident, citizen int // indexes of the ticket's links in a row
}

// atHome says whether a ticket lies at the registered home of its
// reporter, directly or through the citizen account they reported with.
func (h *homes) atHome(row [][]byte) bool {
	address, resident, citizen := row[h.address], row[h.resident], row[h.citizen]
	if address == nil {
		return false
	}
	at := int64At(address)
	if resident != nil {
		if home, ok := h.lk.homeOf.get(int64At(resident)); ok && home == at {
			return true
		}
	}
	if citizen != nil {
		if r, ok := h.lk.residentOf.get(int64At(citizen)); ok {
			home, ok := h.lk.homeOf.get(r)
			return ok && home == at
		}
	}
	return false
}

// coords are the longitude or the latitude of the point.
type coords struct {
	built
	b   *array.Float64Builder
	p   *place
	lat bool
}

func newCoords(p *place, lat bool) *coords {
	b := array.NewFloat64Builder(memory.DefaultAllocator)
	return &coords{built{b}, b, p, lat}
}

func (c *coords) fill([][]byte) error {
	switch {
	case !c.p.ok:
		c.b.AppendNull()
	case c.lat:
		c.b.Append(c.p.y)
	default:
		c.b.Append(c.p.x)
	}
	return nil
}

// points are the point as little-endian WKB.
type points struct {
	built
	b *array.BinaryBuilder
	p *place
}

func newPoints(p *place) *points {
	b := array.NewBinaryBuilder(memory.DefaultAllocator, arrow.BinaryTypes.Binary)
	return &points{built{b}, b, p}
}

func (c *points) reserve(n int) {
	c.b.Reserve(n)
	c.b.ReserveData(n * 21)
}

func (c *points) fill([][]byte) error {
	if c.p.ok {
		c.b.Append(wkbPoint(&c.p.wkb, c.p.x, c.p.y))
	} else {
		c.b.AppendNull()
	}
	return nil
}
