package areas

// spread is how far the reports about one problem of a category lie apart,
// which sets the DBSCAN defaults of its clusters.
type spread int

const (
	// spotSpread: one object — a street light, a sign, a gully — reported
	// from within a few dozen metres.
	spotSpread spread = iota
	// stretchSpread: a stretch of road or pavement.
	stretchSpread
	// areaSpread: a square, a block, a park — and whatever is not known.
	areaSpread
)

// dbscan holds DBSCAN's two parameters.
type dbscan struct {
	EpsMetres float64 // neighbours lie within this distance
	MinPoints int     // tickets within EpsMetres (the ticket included) that make a core
}

var spreadDefaults = map[spread]dbscan{
	spotSpread:    {EpsMetres: 50, MinPoints: 3},
	stretchSpread: {EpsMetres: 100, MinPoints: 4},
	areaSpread:    {EpsMetres: 150, MinPoints: 5},
}

// spreadOfCode knows the categories of Loket's reference taxonomy; a
// sub-category not listed takes its parent's spread, and anything else
// (a foreign register's categories among them) counts as an area.
var spreadOfCode = map[string]spread{
	"straatmeubilair":      spotSpread,
	"openbare-verlichting": spotSpread,
	"borden":               spotSpread,
	"paaltjes":             spotSpread,
	"rioolkolken":          spotSpread,
	"bomen-vellen":         spotSpread,
	"signalisatie":         spotSpread,
	"nutsvoorzieningen":    spotSpread,
	"voetpad":              stretchSpread,
	"gemeenteweg":          stretchSpread,
	"fietspad":             stretchSpread,
	"wegenonderhoud":       stretchSpread,
	"hinder-werken":        stretchSpread,
	"gladheidsbestrijding": stretchSpread,
	"bladval":              stretchSpread,
}

// defaultDBSCAN returns the parameters for category c.
func defaultDBSCAN(c category) dbscan {
	if s, ok := spreadOfCode[c.code]; ok {
		return spreadDefaults[s]
	}
	if s, ok := spreadOfCode[c.parent]; ok {
		return spreadDefaults[s]
	}
	return spreadDefaults[areaSpread]
}
