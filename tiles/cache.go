package tiles

import (
	"container/list"
	"sync"
	"time"
)

// cache keeps gzip-compressed tiles, bounded in bytes, least recently
// used first out. An index by tile lets a ticket change drop every
// cached version of the tiles it touches, whatever their filters.
type cache struct {
	mu      sync.Mutex
	max     int
	size    int
	order   *list.List // of *entry, most recent at the front
	entries map[string]*list.Element
	byTile  map[tileKey]map[string]bool
}

type tileKey struct {
	layer string
	tile  Tile
}

type entry struct {
	key    string
	tile   tileKey
	gz     []byte
	etag   string
	expiry time.Time // zero: until invalidated
}

func newCache(maxBytes int) *cache {
	return &cache{max: maxBytes, order: list.New(), entries: map[string]*list.Element{}, byTile: map[tileKey]map[string]bool{}}
}

func (c *cache) get(key string) (*entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if !e.expiry.IsZero() && time.Now().After(e.expiry) {
		c.remove(el)
		return nil, false
	}
	c.order.MoveToFront(el)
	return e, true
}

func (c *cache) put(e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[e.key]; ok {
		c.remove(el)
	}
	if len(e.gz) > c.max {
		return
	}
	c.entries[e.key] = c.order.PushFront(e)
	c.size += len(e.gz)
	if c.byTile[e.tile] == nil {
		c.byTile[e.tile] = map[string]bool{}
	}
	c.byTile[e.tile][e.key] = true
	for c.size > c.max {
		c.remove(c.order.Back())
	}
}

// drop removes every cached version of tile in layer.
func (c *cache) drop(k tileKey) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for key := range c.byTile[k] {
		if el, ok := c.entries[key]; ok {
			c.remove(el)
			n++
		}
	}
	return n
}

func (c *cache) remove(el *list.Element) {
	e := el.Value.(*entry)
	c.order.Remove(el)
	delete(c.entries, e.key)
	c.size -= len(e.gz)
	if keys := c.byTile[e.tile]; keys != nil {
		delete(keys, e.key)
		if len(keys) == 0 {
			delete(c.byTile, e.tile)
		}
	}
}
