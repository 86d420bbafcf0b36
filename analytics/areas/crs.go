package areas

import "math"

// metric is the coordinate system distances and hexagons are worked out
// in, and how many of its units make a metre.
type metric struct {
	srid     int
	perMetre float64
}

// metricCRS picks the metric system for a municipality whose local_srid
// is local and whose area lies around latitude lat.
func metricCRS(local int, lat float64) metric {
	switch local {
	case 31370, 3812, 26986: // Lambert 72, Lambert 2008, Massachusetts (metres)
		return metric{srid: local, perMetre: 1}
	case 2249: // Massachusetts in feet: the same projection in metres is 26986
		return metric{srid: 26986, perMetre: 1}
	}
	// Web Mercator stretches lengths by 1/cos(latitude); over one city the
	// latitude hardly changes, so one factor keeps metres metres.
	return metric{srid: 3857, perMetre: 1 / math.Cos(lat*math.Pi/180)}
}
