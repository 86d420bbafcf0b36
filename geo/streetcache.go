package geo

import (
	"sync"
	"time"
)

// streetCacheTTL is how long a street search is remembered. Desk agents
// and forms ask for the same few hundred streets all day, while the
// street table changes only when the register is imported; a new street
// is found at most this long after its import.
const streetCacheTTL = time.Minute

// streetCacheSize bounds the remembered searches; when full, the cache
// starts over.
const streetCacheSize = 4096

// streetCache remembers the street matches of recent search keys.
type streetCache struct {
	mu      sync.Mutex
	entries map[streetKey]streetEntry
}

type streetKey struct {
	municipalityID int
	key            string
	limit          int
}

type streetEntry struct {
	matches []streetMatch
	at      time.Time
}

func (c *streetCache) get(k streetKey) ([]streetMatch, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || time.Since(e.at) > streetCacheTTL {
		return nil, false
	}
	return e.matches, true
}

func (c *streetCache) put(k streetKey, m []streetMatch) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= streetCacheSize {
		c.entries = make(map[streetKey]streetEntry)
	}
	c.entries[k] = streetEntry{matches: m, at: time.Now()}
}
