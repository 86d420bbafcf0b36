package tiles

import (
	"strconv"
	"testing"
)

func TestTheCacheStaysWithinItsBytesAndDropsEveryVersionOfATile(t *testing.T) {
	c := newCache(1000)
	a, b := tileKey{"tickets", Tile{16, 1, 1}}, tileKey{"tickets", Tile{16, 1, 2}}
	for i := range 4 {
		c.put(&entry{key: "a?" + strconv.Itoa(i), tile: a, gz: make([]byte, 100)})
	}
	c.put(&entry{key: "b", tile: b, gz: make([]byte, 100)})
	if c.size != 500 {
		t.Fatalf("size %d, want 500", c.size)
	}
	if n := c.drop(a); n != 4 || c.size != 100 {
		t.Fatalf("dropped %d versions, size now %d; want 4 and 100", n, c.size)
	}
	if _, ok := c.get("b"); !ok {
		t.Fatal("another tile was dropped too")
	}
	// Over the bound, the least recently used go first.
	for i := range 10 {
		c.put(&entry{key: "n" + strconv.Itoa(i), tile: tileKey{"tickets", Tile{17, i, 0}}, gz: make([]byte, 100)})
		if i == 5 {
			c.get("n0") // n0 is used again: it stays
		}
	}
	if c.size > 1000 {
		t.Errorf("size %d over the bound", c.size)
	}
	if _, ok := c.get("n0"); !ok {
		t.Error("a tile used again was evicted before older ones")
	}
	if _, ok := c.get("b"); ok {
		t.Error("the least recently used tile is still there")
	}
	c.put(&entry{key: "huge", tile: a, gz: make([]byte, 2000)})
	if _, ok := c.get("huge"); ok {
		t.Error("a tile larger than the whole cache was kept")
	}
}
