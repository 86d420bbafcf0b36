package tiles

import (
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"loket/internal/errs"
)

// FuzzParseTile feeds the path parts of a tile anything: a tile it accepts
// exists in the pyramid and reads back the same, and anything else is the
// caller's mistake (4xx), never a panic or an internal error.
func FuzzParseTile(f *testing.F) {
	for _, s := range [][3]string{
		{"14", "8345", "5502.mvt"}, {"0", "0", "0.pbf"}, {"22", "4194303", "4194303.mvt"}, {"23", "0", "0.mvt"},
		{"14", "-1", "5502.mvt"}, {"14", "8345", "5502"}, {"14", "8345", "5502.png"}, {"+3", "0x1", "1.mvt.mvt"},
		{"63", "0", "0.mvt"}, {"99999999999999999999", "1", "1.mvt"}, {"", "", ".mvt"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, z, x, y string) {
		tile, err := ParseTile(z, x, y)
		if err != nil {
			if k := errs.KindOf(err); k != errs.Invalid && k != errs.NotFound {
				t.Fatalf("ParseTile(%q, %q, %q) failed as kind %d: %v", z, x, y, k, err)
			}
			return
		}
		if tile.Z < 0 || tile.Z > MaxZoom || tile.X < 0 || tile.Y < 0 || tile.X >= 1<<tile.Z || tile.Y >= 1<<tile.Z {
			t.Fatalf("accepted a tile outside the pyramid: %+v", tile)
		}
		again, err := ParseTile(strconv.Itoa(tile.Z), strconv.Itoa(tile.X), strconv.Itoa(tile.Y)+".mvt")
		if err != nil || again != tile {
			t.Fatalf("%+v does not read back: %+v, %v", tile, again, err)
		}
		if got, want := tile.String(), strconv.Itoa(tile.Z)+"/"+strconv.Itoa(tile.X)+"/"+strconv.Itoa(tile.Y); got != want {
			t.Fatalf("String() = %q, want %q", got, want)
		}
	})
}

// FuzzParseFilter feeds the tickets layers' query strings anything: what
// is accepted names known statuses, and two filters share a cache key
// only when they select the same tickets.
func FuzzParseFilter(f *testing.F) {
	for _, s := range [][2]string{
		{"status=open&category=put-in-weg", "status=open"},
		{"status=closed,in_progress&from=2026-01-01&to=2026-11-27T10:00:00%2B01:00", "status=closed"},
		{"category=a%7Cb", "category=a&team=b%7C"},
		{"from=2026-01-01T00:00:00.5Z", "from=2026-01-01T00:00:00Z"},
		{"team=groen&status=open,open,new", "team=groen&status=new,open"},
		{"colour=red", "status=sleeping"},
		{"from=9999-12-31T23:59:59-23:59", "to=0000-01-01"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		fa, ka, okA := parse(t, a)
		fb, kb, okB := parse(t, b)
		if okA && okB && ka == kb && !sameFilter(fa, fb) {
			t.Fatalf("%q and %q share the key %q but differ: %+v, %+v", a, b, ka, fa, fb)
		}
	})
}

func parse(t *testing.T, raw string) (filter, string, bool) {
	q, _ := url.ParseQuery(raw)
	f, key, err := parseFilter(q)
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			t.Fatalf("parseFilter(%q) failed as an internal error: %v", raw, err)
		}
		return f, "", false
	}
	for _, s := range f.statuses {
		if !slices.Contains(allStatuses, s) {
			t.Fatalf("parseFilter(%q) accepted status %q", raw, s)
		}
	}
	if !slices.IsSorted(f.statuses) || len(slices.Compact(slices.Clone(f.statuses))) != len(f.statuses) {
		t.Fatalf("parseFilter(%q): statuses %v are not sorted once each", raw, f.statuses)
	}
	if again := f.key(); again != key {
		t.Fatalf("the key of %q changes: %q then %q", raw, key, again)
	}
	return f, key, true
}

// sameFilter compares filters as the queries see them: times as instants.
func sameFilter(a, b filter) bool {
	return slices.Equal(a.statuses, b.statuses) && slices.Equal(a.categories, b.categories) && a.team == b.team &&
		sameInstant(a.from, b.from) && sameInstant(a.to, b.to)
}

func sameInstant(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
