package seed

import (
	"math"
	"math/rand/v2"
	"time"
)

// Monthly shapes (January first) of the seasonal categories.
var monthShape = map[season][12]float64{
	seasonLeaves: {0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.4, 2.6, 4.0, 2.2},
	seasonSummer: {0.7, 0.7, 0.85, 1.0, 1.15, 1.3, 1.4, 1.35, 1.15, 0.95, 0.8, 0.7},
	seasonRoad:   {1.6, 1.9, 1.6, 1.1, 0.8, 0.7, 0.6, 0.6, 0.7, 0.8, 1.0, 1.3},
	seasonGrowth: {0.3, 0.3, 0.7, 1.2, 1.6, 1.6, 1.4, 1.2, 1.1, 1.0, 0.6, 0.3},
	seasonRats:   {1.3, 1.2, 1.0, 0.8, 0.7, 0.7, 0.7, 0.8, 1.0, 1.3, 1.4, 1.4},
	seasonDark:   {1.4, 1.2, 1.0, 0.8, 0.6, 0.5, 0.5, 0.7, 0.9, 1.2, 1.5, 1.6},
}

// Fewer tickets at the weekend: the phone line and the desk are closed.
var weekdayFactor = [7]float64{0.3, 1.25, 1.1, 1.05, 1.0, 0.9, 0.4} // Sunday first

// The real channel mix of the 1777 register, and the weekend mix (no desk,
// a small Saturday phone service); weekdays make up the difference.
var (
	channels       = []string{"phone", "email", "web", "app", "desk"}
	channelMix     = []float64{45, 27, 16, 10, 2}
	weekendChannel = []float64{10, 34, 31, 25, 0}
)

const (
	chPhone = iota
	chEmail
	chWeb
	chApp
	chDesk
)

// demand holds how many tickets each day gets and what they are about.
type demand struct {
	count   []int // per day (index into days; day 0 is the day before the history)
	leaves  []int // category indexes that receive tickets
	catCum  []float64
	weekday picker
	weekend picker
}

// seasonal returns the raw demand factor of a season on day i.
func seasonal(s season, days []day, i int) float64 {
	d := &days[i]
	prev := &days[max(i-1, 0)]
	switch s {
	case seasonFrost:
		f := 0.01
		if d.frost() {
			f += 1
		}
		if d.snow > 0 {
			f += 2
		}
		return f
	case seasonRain:
		f := 0.15 + d.precip/10
		if d.heavy() {
			f += 6
		}
		if prev.heavy() {
			f += 3
		}
		return f
	case seasonGully:
		f := 0.5 + d.precip/20 + 0.4*monthShape[seasonLeaves][d.month-1]
		if d.heavy() {
			f += 1
		}
		return f
	case seasonRoad:
		f := monthShape[seasonRoad][d.month-1]
		if d.tmin < 0 && d.tmax > 0 { // freeze–thaw breaks the asphalt
			f += 0.6
		}
		return f
	case seasonHoliday:
		// Before a holiday or in the Christmas week, everyone asks what is open.
		for k := i; k < min(i+5, len(days)); k++ {
			if days[k].holiday {
				return 3
			}
		}
		if d.month == 12 && d.mday >= 20 {
			return 3
		}
		return 1
	case seasonFlat:
		return 1
	}
	return monthShape[s][d.month-1]
}

func newDemand(days []day, total int, seed int64) *demand {
	rng := rand.New(rand.NewPCG(uint64(seed), 0xde3a2d))
	dm := &demand{count: make([]int, len(days))}
	for i, c := range categories {
		if c.weight > 0 {
			dm.leaves = append(dm.leaves, i)
		}
	}
	nd, nc := len(days), len(dm.leaves)
	// Seasonal factors normalised to mean 1 over the history, so a
	// category's share of the year follows the register counts.
	w := make([]float64, nd*nc)
	for j, ci := range dm.leaves {
		c := &categories[ci]
		sum := 0.0
		for i := 1; i < nd; i++ {
			f := seasonal(c.season, days, i)
			w[i*nc+j] = f
			sum += f
		}
		mean := sum / float64(nd-1)
		for i := 1; i < nd; i++ {
			w[i*nc+j] *= c.weight / mean
		}
	}
	dm.catCum = make([]float64, nd*nc)
	dayW := make([]float64, nd)
	first := days[1].year
	for i := 1; i < nd; i++ {
		d := &days[i]
		wd := weekdayFactor[d.weekday]
		if d.holiday {
			wd = weekdayFactor[time.Sunday]
		}
		s := 0.0
		for j, ci := range dm.leaves {
			f := wd
			if se := categories[ci].season; se == seasonFrost || se == seasonRain {
				f = math.Pow(wd, 0.3) // the weather does not wait for Monday
			}
			s += w[i*nc+j] * f
			dm.catCum[i*nc+j] = s
		}
		trend := 1 + 0.03*float64(d.year-first)
		dayW[i] = s * trend * math.Exp(rng.NormFloat64()*0.12)
	}
	// Round the running sum so the counts add up to total exactly.
	sum := 0.0
	for _, v := range dayW {
		sum += v
	}
	acc, prevN := 0.0, 0
	for i := 1; i < nd; i++ {
		acc += dayW[i]
		n := int(math.Round(acc / sum * float64(total)))
		dm.count[i] = n - prevN
		prevN = n
	}
	// Weekday channel mix such that the overall mix matches the register.
	closed := 0
	for i := 1; i < nd; i++ {
		if days[i].closed() {
			closed += dm.count[i]
		}
	}
	share := 0.0
	if total > 0 {
		share = float64(closed) / float64(total)
	}
	wk := make([]float64, len(channelMix))
	for k := range wk {
		wk[k] = math.Max(0, (channelMix[k]-share*weekendChannel[k])/(1-share))
	}
	dm.weekday = newPicker(wk)
	dm.weekend = newPicker(weekendChannel)
	return dm
}

// category draws the category index of a ticket on day i.
func (dm *demand) category(rng *rand.Rand, i int) int {
	nc := len(dm.leaves)
	cum := dm.catCum[i*nc : (i+1)*nc]
	x := rng.Float64() * cum[nc-1]
	lo, hi := 0, nc-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return dm.leaves[lo]
}
