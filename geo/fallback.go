package geo

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Thresholds of the fallback detection. A real place (a town hall, a
// park) can carry hundreds of cases, but they name one or a few addresses;
// a geocoder's fallback carries cases from all over town.
const (
	fallbackMinRows      = 50
	fallbackMinAddresses = 25   // distinct address texts at one point
	fallbackMinShare     = 0.05 // for rows without address text
)

// FallbackDetector finds the coordinates a foreign register gave a case
// when it did not know where the case was (Boston puts about 14 % of its
// cases on one city-centre point). Feed it every row of an import, then
// ask for the fallbacks; cases at those points get quality none and no
// location, so they cannot pose as a hotspot.
type FallbackDetector struct {
	rows   int
	points map[fallbackKey]*pointRows
}

// fallbackKey is a point rounded to about 1 cm, so that the same
// coordinate printed with more or fewer decimals counts once.
type fallbackKey struct{ lon, lat int64 }

type pointRows struct {
	rows      int
	addresses map[string]struct{} // capped at fallbackMinAddresses
}

// Fallback is a detected fallback point and how many rows sit on it.
type Fallback struct {
	Lon, Lat  float64
	Rows      int
	Addresses int // distinct address texts, counted up to the threshold
}

// Add records one row at (lon, lat) whose address text is address (empty
// when the row has none).
func (d *FallbackDetector) Add(lon, lat float64, address string) {
	if math.IsNaN(lon) || math.IsNaN(lat) {
		return
	}
	if d.points == nil {
		d.points = make(map[fallbackKey]*pointRows)
	}
	d.rows++
	k := fallbackKey{int64(math.Round(lon * 1e7)), int64(math.Round(lat * 1e7))}
	p := d.points[k]
	if p == nil {
		p = &pointRows{}
		d.points[k] = p
	}
	p.rows++
	if a := strings.ToLower(strings.Join(strings.Fields(address), " ")); a != "" && len(p.addresses) < fallbackMinAddresses {
		if p.addresses == nil {
			p.addresses = make(map[string]struct{})
		}
		p.addresses[a] = struct{}{}
	}
}

// Fallbacks returns the points that carry at least fallbackMinRows rows
// and either fallbackMinAddresses distinct addresses or, when their rows
// have no address text, fallbackMinShare of all rows; most rows first.
func (d *FallbackDetector) Fallbacks() []Fallback {
	var out []Fallback
	for k, p := range d.points {
		if p.rows < fallbackMinRows {
			continue
		}
		many := len(p.addresses) >= fallbackMinAddresses
		common := len(p.addresses) == 0 && float64(p.rows) >= fallbackMinShare*float64(d.rows)
		if many || common {
			out = append(out, Fallback{Lon: float64(k.lon) / 1e7, Lat: float64(k.lat) / 1e7, Rows: p.rows, Addresses: len(p.addresses)})
		}
	}
	slices.SortFunc(out, func(a, b Fallback) int { return cmp.Compare(b.Rows, a.Rows) })
	return out
}

// IsFallback says whether (lon, lat) is one of fallbacks.
func IsFallback(fallbacks []Fallback, lon, lat float64) bool {
	k := fallbackKey{int64(math.Round(lon * 1e7)), int64(math.Round(lat * 1e7))}
	return slices.ContainsFunc(fallbacks, func(f Fallback) bool {
		return fallbackKey{int64(math.Round(f.Lon * 1e7)), int64(math.Round(f.Lat * 1e7))} == k
	})
}
