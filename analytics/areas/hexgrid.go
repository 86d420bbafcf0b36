package areas

import (
	"math"

	"loket/analytics/hotspot"
)

// hexGrid is ST_HexagonGrid's tiling for one size (centre to corner, in
// units of the metric system): flat-topped hexagons, column i centred at
// x = 1.5·size·i, row j at y = √3·size·j, odd columns half a row higher.
type hexGrid struct{ size float64 }

var sqrt3 = math.Sqrt(3)

// cellOf returns the hexagon holding (x, y), the one with the nearest
// centre. Columns lie 1.5·size apart and a hexagon is 2·size wide, so the
// point lies in column ⌊x/1.5·size⌋ or the next; in each, the nearest
// centre is in the nearest row. Binning here rather than in SQL keeps
// the database to one pass over the tickets.
func (g hexGrid) cellOf(x, y float64) hotspot.Hex {
	c := int(math.Floor(x / (1.5 * g.size)))
	var best hotspot.Hex
	bestD := math.Inf(1)
	for _, i := range [2]int{c, c + 1} {
		lift := 0.5 * float64(i&1) // odd columns, negative ones too, sit half a row up
		j := math.Round(y/(sqrt3*g.size) - lift)
		dx, dy := x-1.5*g.size*float64(i), y-sqrt3*g.size*(j+lift)
		if d := dx*dx + dy*dy; d < bestD {
			best, bestD = hotspot.Hex{I: i, J: int(j)}, d
		}
	}
	return best
}

// cellsOver bounds how many hexagons ST_HexagonGrid lays over a box of
// width w and height h: the columns and rows it spans, plus one of each
// at both ends.
func (g hexGrid) cellsOver(w, h float64) float64 {
	return (w/(1.5*g.size) + 2) * (h/(sqrt3*g.size) + 2)
}
