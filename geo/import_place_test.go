package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// newArea builds an area as drawAreas does.
func newArea(id int32, mp orb.MultiPolygon) area {
	a := area{id: id, bound: mp.Bound()}
	for _, polygon := range mp {
		for _, r := range polygon {
			a.rings = append(a.rings, ring{bound: r.Bound(), points: r})
		}
	}
	return a
}

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func TestAreaOfHonoursHolesIslandsAndTheLowestID(t *testing.T) {
	// Area 2: a square with a hole, and a separate island square.
	// Area 3: a triangle overlapping area 2's right part.
	// Area 5: the hole itself.
	areas := []area{
		newArea(2, orb.MultiPolygon{
			{square(0, 0, 10, 10), square(3, 3, 6, 6)},
			{square(20, 0, 22, 2)},
		}),
		newArea(3, orb.MultiPolygon{{{{8, 0}, {14, 0}, {14, 6}, {8, 0}}}}),
		newArea(5, orb.MultiPolygon{{square(3, 3, 6, 6)}}),
	}
	for _, c := range []struct {
		name string
		p    orb.Point
		want int32
	}{
		{"inside the square", orb.Point{1, 1}, 2},
		{"in the hole", orb.Point{4.5, 4.5}, 5},
		{"on the island", orb.Point{21, 1}, 2},
		{"where 2 and 3 overlap", orb.Point{9.5, 1}, 2},
		{"in 3 only", orb.Point{12, 2}, 3},
		{"inside the triangle's bounds, outside the triangle", orb.Point{11, 5}, 0},
		{"outside everything, within the bounds", orb.Point{15, 8}, 0},
		{"far away", orb.Point{-5, 40}, 0},
	} {
		if got := areaOf(areas, c.p); got != c.want {
			t.Errorf("%s %v: area %d, want %d", c.name, c.p, got, c.want)
		}
	}
}
