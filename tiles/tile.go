package tiles

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"loket/internal/errs"
)

// Limits of the tile grid and of what one tile may hold. A thousand
// points of five pixels already cover a tile; beyond them the grid says
// more, and a tile of 2,600 points took 120 ms to draw at ten million
// tickets, against 10–45 ms for a thousand or fewer.
const (
	MaxZoom     = 22
	Extent      = 4096 // MVT coordinates per tile side
	Buffer      = 64   // pixels of margin, so symbols at edges are not cut
	RawZoom     = 12   // from this zoom a tile with few enough tickets shows them as points
	RawCap      = 1000 // more tickets than this in a tile: grid aggregates instead of points
	FeatureCap  = 5000 // no tile carries more points, whatever is asked
	gridShift   = 6    // a tile is 2^6 × 2^6 aggregate cells
	baseZoom    = 14   // the base cells of ticket_cell are zoom-14 tiles / 64
	worldHalf   = 20037508.342789244
	worldMeters = 2 * worldHalf
)

// renderTimeout bounds one tile's queries: filters the aggregates do not
// keep (dates, team) count tickets themselves, and a wide period at a low
// zoom must not hold a connection for long. Such a tile answers 503.
const renderTimeout = 5 * time.Second

// Tile is one tile of the Web Mercator pyramid.
type Tile struct{ Z, X, Y int }

// ParseTile reads z, x and "y.mvt"; the second result is the extension.
func ParseTile(z, x, yExt string) (Tile, error) {
	y, ext, ok := strings.Cut(yExt, ".")
	if !ok || ext != "mvt" && ext != "pbf" {
		return Tile{}, errs.E(errs.NotFound, "tiles end in .mvt, as in /tiles/tickets/14/8345/5502.mvt")
	}
	var t Tile
	var err error
	for _, p := range []struct {
		s    string
		to   *int
		name string
	}{{z, &t.Z, "z"}, {x, &t.X, "x"}, {y, &t.Y, "y"}} {
		if *p.to, err = strconv.Atoi(p.s); err != nil {
			return Tile{}, errs.E(errs.Invalid, "%s must be a whole number, not %q", p.name, p.s)
		}
	}
	if t.Z < 0 || t.Z > MaxZoom {
		return Tile{}, errs.E(errs.Invalid, "zoom %d is outside 0..%d", t.Z, MaxZoom)
	}
	n := 1 << t.Z
	if t.X < 0 || t.X >= n || t.Y < 0 || t.Y >= n {
		return Tile{}, errs.E(errs.Invalid, "tile %d/%d/%d does not exist: x and y run from 0 to %d at zoom %d", t.Z, t.X, t.Y, n-1, t.Z)
	}
	return t, nil
}

func (t Tile) String() string { return fmt.Sprintf("%d/%d/%d", t.Z, t.X, t.Y) }

// At is the tile holding a WGS84 point at zoom z.
func At(lon, lat float64, z int) Tile {
	n := float64(int(1) << z)
	x := int(math.Floor((lon + 180) / 360 * n))
	r := lat * math.Pi / 180
	y := int(math.Floor((1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * n))
	clamp := func(v int) int { return max(0, min(int(n)-1, v)) }
	return Tile{z, clamp(x), clamp(y)}
}
