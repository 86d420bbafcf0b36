package hotspot

import "loket/internal/errs"

// Hex addresses a cell of PostGIS's ST_HexagonGrid: column I, row J.
//
// ST_HexagonGrid tiles the plane with flat-topped hexagons. Column i is
// centred at x = 1.5·size·i and row j at y = √3·size·j, except that odd
// columns (negative ones too) sit half a row higher. A cell therefore touches
// the cells above and below it and, in each neighbouring column, the cell in
// its own row plus the one half a row further away: the row below for an even
// column, the row above for an odd one.
type Hex struct{ I, J int }

// Neighbours returns the six hexagons that share an edge with h.
func (h Hex) Neighbours() [6]Hex {
	dj := -1 // even column: the neighbouring columns' cells sit at j and j−1
	if h.I&1 != 0 {
		dj = 1 // odd column, shifted up: at j and j+1
	}
	return [6]Hex{
		{h.I, h.J + 1}, {h.I, h.J - 1},
		{h.I - 1, h.J}, {h.I - 1, h.J + dj},
		{h.I + 1, h.J}, {h.I + 1, h.J + dj},
	}
}

// HexGraph returns the 1-ring graph of cells, each linked to those of its six
// neighbours that are in cells too; cells missing around the edge of the
// study area simply leave gaps.
func HexGraph(cells []Hex) (Graph, error) {
	index := make(map[Hex]int, len(cells))
	for n, h := range cells {
		if _, dup := index[h]; dup {
			return nil, errs.E(errs.Invalid, "hexagon (%d, %d) is listed twice", h.I, h.J)
		}
		index[h] = n
	}
	g := make(Graph, len(cells))
	for n, h := range cells {
		nbrs := make([]int, 0, 6)
		for _, o := range h.Neighbours() {
			if m, ok := index[o]; ok {
				nbrs = append(nbrs, m)
			}
		}
		g[n] = nbrs
	}
	return g, nil
}
