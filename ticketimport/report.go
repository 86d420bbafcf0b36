package ticketimport

import (
	"io"
	"slices"
	"time"

	"loket/geo"
)

// Options say where an import goes.
type Options struct {
	// Municipality is the NIS code of the target, created when missing;
	// default BostonNIS.
	Municipality string
	// Name names a municipality the import creates; default Boston.
	Name string
	// Neighbourhoods, when not nil, is a GeoJSON FeatureCollection of the
	// city's neighbourhoods (WGS84), loaded before the cases so that each
	// case is placed in one and points outside all of them are known.
	Neighbourhoods io.Reader
	// Strict imports nothing when any row is bad.
	Strict bool
	// Progress receives a line per step (nil: none).
	Progress io.Writer
}

// BostonNIS is the made-up code Boston is kept under (see the package
// documentation).
const BostonNIS = "99001"

// Report is what an import did.
type Report struct {
	MunicipalityID int
	Created        bool // the municipality was created by this import
	Neighbourhoods int  // neighbourhoods in the file, when one was given
	Read           int  // data rows read
	Inserted       int
	Updated        int // already imported, changed in the file since
	Unchanged      int
	// Fallbacks are the coordinates detected as the register's "place
	// unknown"; OnFallback cases sat on one and were kept without a place.
	Fallbacks  []geo.Fallback
	OnFallback int
	// Unplaced are cases kept without a place because their point lies
	// outside every neighbourhood of the city.
	Unplaced []geo.Rejection
	// Duplicates were closed as duplicates; Linked of them name an
	// original that was imported too, and became status duplicate.
	Duplicates, Linked int
	Rejected           []geo.Rejection
	Duration           time.Duration
}

// RowsPerSecond is the rate over the whole import, parsing included.
func (r Report) RowsPerSecond() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Read) / r.Duration.Seconds()
}

func sortByLine(rs []geo.Rejection) {
	slices.SortStableFunc(rs, func(a, b geo.Rejection) int { return a.Line - b.Line })
}
