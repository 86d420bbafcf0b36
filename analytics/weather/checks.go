package weather

import "time"

// checkValues reports and empties what no weather can be: a minimum above
// the maximum, no snow on the ground where snow must still lie. It fills a
// missing mean with (min + max) / 2. Ranges are checked as values are read.
func checkValues(rows []dayRow, ps *problems) {
	var pack snowpack
	for i := range rows {
		line, d := rows[i].line, &rows[i].Day
		if d.TempMinC != nil && d.TempMaxC != nil && *d.TempMinC > *d.TempMaxC {
			ps.add(line, d.Day, Impossible, "minimum %.1f °C above the maximum %.1f °C: both left empty", *d.TempMinC, *d.TempMaxC)
			d.TempMinC, d.TempMaxC = nil, nil
		}
		if d.TempMeanC == nil && d.TempMinC != nil && d.TempMaxC != nil {
			d.TempMeanC = ptr((*d.TempMinC + *d.TempMaxC) / 2)
		}
		if left := pack.next(*d); left >= 1 && d.SnowDepthCM != nil && *d.SnowDepthCM == 0 {
			ps.add(line, d.Day, Impossible, "snow depth 0 cm, while at least %.0f cm of the snow of the days before "+
				"must still lie: left empty", left)
			d.SnowDepthCM = nil
		}
		pack.add(*d)
	}
}

// snowpack is a generous estimate of the snow on the ground, to catch
// a snow depth of zero where snow cannot yet be gone (the SNWD of Boston
// Logan reads 0 through the 1.5 m of February 2015). Each day the snow
// loses a tenth to settling and 5 cm per degree of the maximum above 0 °C
// to melt — more than snow loses — so only clear contradictions remain.
// A measured depth above zero replaces the estimate; a gap or a day without
// maximum restarts it at zero, so the estimate never asks more than the
// data shows.
type snowpack struct {
	cm   float64
	day  time.Time
	left float64
}

// next is what must still lie on day d of the snow before it.
func (s *snowpack) next(d Day) float64 {
	s.left = 0
	if !s.day.IsZero() && d.Day.Equal(s.day.AddDate(0, 0, 1)) && d.TempMaxC != nil {
		s.left = max(0, s.cm*0.9-5*max(0, *d.TempMaxC))
	}
	return s.left
}

// add takes in day d, after next and the check of its depth. A zero depth
// may have been read before the day's snow fell, so that snow still counts.
func (s *snowpack) add(d Day) {
	s.day, s.cm = d.Day, s.left
	switch {
	case d.SnowDepthCM != nil && *d.SnowDepthCM > 0:
		s.cm = *d.SnowDepthCM
	case d.SnowDepthCM != nil:
		s.cm = 0
		fallthrough
	case d.SnowCM != nil:
		s.cm += value(d.SnowCM)
	}
}

func value(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}
