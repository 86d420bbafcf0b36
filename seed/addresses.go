package seed

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
)

// addressGoal is the number of addresses of the demo city (Kortrijk has
// about 40,000 postal addresses for 77,000 people).
const addressGoal = 40_000

type address struct {
	lon, lat float64
	street   int32 // index into city.streets
	nbh      int16 // neighbourhood id
	deel     int8  // former municipality index
	number   string
	box      string
	clear    float32 // metres to the nearest neighbourhood or city edge
}

// genAddresses lays houses along synthetic lines through the real streets.
// A first pass measures how many fall outside the city; the second scales
// up so the kept count lands near addressGoal.
func genAddresses(c *city, seed int64) []address {
	kept := len(layStreets(c, seed, addressGoal))
	scale := 1.0
	if kept > 0 {
		scale = float64(addressGoal) / float64(kept)
	}
	out := layStreets(c, seed, int(math.Round(addressGoal*scale)))
	for i := range out {
		a := &out[i]
		p := orb.Point{a.lon, a.lat}
		a.clear = float32(math.Min(c.boundary.clearance(p), c.wijken[a.nbh-1].clearance(p)))
	}
	return out
}

func layStreets(c *city, seed int64, goal int) []address {
	rng := rand.New(rand.NewPCG(uint64(seed), 0xadd7e55))
	centrum := 0
	for i, w := range c.wijken {
		if w.name == "Kortrijk Centrum" {
			centrum = i + 1
		}
	}
	total := 0.0
	for _, s := range c.streets {
		total += streetWeight(s)
	}
	out := make([]address, 0, goal+goal/10)
	for si, s := range c.streets {
		line := newStreetLine(s, rng.Float64()*math.Pi, rng.Float64(), rng.Float64()*2-1)
		n := float64(goal) * streetWeight(s) / total
		inCentre := c.locate(orb.Point{s.lon, s.lat}) == centrum
		flatShare, maxBoxes := 0.06, 3
		if inCentre {
			flatShare, maxBoxes = 0.45, 8
		}
		avgUnits := 1 + flatShare*(float64(maxBoxes)/2+0.5)
		perSide := int(math.Max(1, math.Round(n/2/avgUnits)))
		for side := 0; side < 2; side++ {
			sign := float64(2*side - 1)
			num := 1 + side // odd numbers on one side, even on the other
			step := line.length / float64(perSide)
			for b := 0; b < perSide; b++ {
				t := -line.length/2 + (float64(b)+0.5)*step
				units := 1
				if rng.Float64() < flatShare {
					units = 2 + rng.IntN(maxBoxes-1)
				}
				out = addBuilding(c, out, &line, si, t, sign, strconv.Itoa(num), units, rng)
				if rng.Float64() < 0.02 { // a later split plot: 12A
					out = addBuilding(c, out, &line, si, t+step/3, sign, strconv.Itoa(num)+"A", 1, rng)
				}
				num += 2
				if rng.Float64() < 0.04 { // a wider plot swallowed a number
					num += 2
				}
			}
		}
	}
	return out
}

func streetWeight(s streetRow) float64 { return 1 + 0.8*float64(s.points) }

func addBuilding(c *city, out []address, l *streetLine, si int, t, side float64, number string, units int, rng *rand.Rand) []address {
	x, y := l.at(t, side)
	x += rng.NormFloat64()
	y += rng.NormFloat64()
	p := orb.Point{x / mPerDegLo, y / mPerDegLa}
	nbh := c.locate(p)
	deel := c.deelOf(p)
	if nbh == 0 || deel < 0 {
		return out // the synthetic line left the city
	}
	for u := 1; u <= units; u++ {
		box := ""
		if units > 1 {
			box = strconv.Itoa(u)
		}
		out = append(out, address{lon: p[0], lat: p[1], street: int32(si), nbh: int16(nbh),
			deel: int8(deel), number: number, box: box})
	}
	return out
}

func writeAddresses(ctx context.Context, pool *pgxpool.Pool, c *city, addrs []address) error {
	var w copyBuf
	w.header()
	for i := range addrs {
		a := &addrs[i]
		name := c.streets[a.street].name
		w.row(9)
		w.int4(municipalityID)
		w.int8(int64(i + 1))
		w.text(name)
		w.textOrNull(streetFR[name])
		w.text(a.number)
		w.text(a.box)
		w.text(c.postcode[a.deel])
		w.int4(int(a.nbh))
		w.point(a.lon, a.lat)
	}
	w.trailer()
	return copyAll(ctx, pool, "address", []string{"municipality_id", "id", "street_nl", "street_fr",
		"house_number", "box", "postcode", "neighbourhood_id", "geom"}, &w)
}
