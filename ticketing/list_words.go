package ticketing

import (
	"strings"
	"sync"
	"time"
)

// wordsCache remembers which searched words are common. How many tickets
// mention a street barely changes in minutes, while counting them costs
// a search 40–130 ms at ten million tickets; staff paging through one
// search or narrowing it ask the same words again and again.
type wordsCache struct {
	mu   sync.Mutex
	seen map[wordsKey]wordsSeen
}

type wordsKey struct {
	municipality int
	words        string
}

type wordsSeen struct {
	common bool
	at     time.Time
}

const (
	wordsTTL     = 10 * time.Minute
	wordsEntries = 4096 // a few hundred kB at most; full, it starts afresh
)

func wordsKeyOf(municipality int, words string) wordsKey {
	return wordsKey{municipality, strings.ToLower(strings.Join(strings.Fields(words), " "))}
}

func (c *wordsCache) get(k wordsKey, now time.Time) (common, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.seen[k]
	if !ok || now.Sub(e.at) > wordsTTL {
		return false, false
	}
	return e.common, true
}

func (c *wordsCache) put(k wordsKey, common bool, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil || len(c.seen) >= wordsEntries {
		c.seen = make(map[wordsKey]wordsSeen)
	}
	c.seen[k] = wordsSeen{common, now}
}
