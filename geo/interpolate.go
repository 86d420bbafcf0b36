package geo

import "strings"

// placeNumber answers q on the rows of one street and postcode, sorted by
// number: the address when it exists, else an interpolated point. The
// returned Score holds only the quality part; the caller multiplies in the
// name similarity.
func placeNumber(rows []addrRow, q Query) (Candidate, bool) {
	if r, exact, ok := findAddress(rows, q.Number, q.Box); ok {
		c := r.candidate(QualityAddress)
		c.Score = QualityAddress.weight()
		if !exact {
			c.Score *= 0.95 // the building exists, the box does not
		}
		return c, true
	}
	n := leadingInt(q.Number)
	if n < 0 {
		return Candidate{}, false
	}
	// Neighbours on the same side of the street share the parity of n.
	var lo, hi *addrRow
	for i := range rows {
		r := &rows[i]
		if r.num < 0 || r.num%2 != n%2 {
			continue
		}
		switch {
		case r.num <= n && (lo == nil || r.num > lo.num):
			lo = r
		case r.num > n && (hi == nil || r.num < hi.num):
			hi = r
		}
	}
	var c Candidate
	switch {
	case lo != nil && hi != nil && lo.num < n:
		t := float64(n-lo.num) / float64(hi.num-lo.num)
		near := lo
		if t > 0.5 {
			near = hi
		}
		c = near.candidate(QualityInterpolated)
		c.Lon, c.Lat = lo.lon+t*(hi.lon-lo.lon), lo.lat+t*(hi.lat-lo.lat)
		c.Score = QualityInterpolated.weight()
	case lo != nil: // "12B" next to 12, or past the last number
		c = lo.candidate(QualityInterpolated)
		c.Score = QualityInterpolated.weight() * 0.9
	case hi != nil:
		c = hi.candidate(QualityInterpolated)
		c.Score = QualityInterpolated.weight() * 0.9
	default:
		return Candidate{}, false
	}
	c.HouseNumber, c.Box, c.AddressID = q.Number, "", 0
	return c, true
}

// findAddress finds number (and box) among rows. exact is false when a box
// was asked that the building does not have.
func findAddress(rows []addrRow, number, box string) (r addrRow, exact, ok bool) {
	first := -1
	for i := range rows {
		if !strings.EqualFold(rows[i].number, number) {
			continue
		}
		if box != "" && strings.EqualFold(rows[i].box, box) || box == "" && rows[i].box == "" {
			return rows[i], true, true
		}
		if first < 0 {
			first = i
		}
	}
	if first < 0 {
		return addrRow{}, false, false
	}
	return rows[first], box == "", true
}

func (r *addrRow) candidate(q Quality) Candidate {
	c := Candidate{
		Lon: r.lon, Lat: r.lat, StreetNL: r.street, HouseNumber: r.number, Box: r.box,
		Postcode: r.postcode, Neighbourhood: r.nbh.orNil(), Quality: q,
	}
	if q == QualityAddress {
		c.AddressID = r.id
	}
	return c
}
