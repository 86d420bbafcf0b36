package ticketing

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// wordsCache remembers which searched words are common. How many tickets
// mention a street barely changes in minutes, while a walk that finds
// words rarer than they looked costs a search some 50 ms at ten million
// tickets; staff paging through one search or narrowing it ask the same
// words again and again.
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

// wordStats keeps what the table's statistics say of the words in
// descriptions (wordShares), read again every wordsTTL. ANALYZE
// (autovacuum's, after enough changes) keeps them.
type wordStats struct {
	mu     sync.Mutex
	at     time.Time
	shares wordShares
}

// wordShares are the shares of tickets that hold each of the most common
// words, the least such share, and about how many tickets there are, in
// every municipality.
type wordShares struct {
	share   map[string]float64 // nil: the table was never analysed
	least   float64
	tickets float64
}

func (w *wordStats) read(ctx context.Context, pool *pgxpool.Pool, now time.Time) (wordShares, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.at.IsZero() && now.Sub(w.at) <= wordsTTL {
		return w.shares, nil
	}
	var words []string
	var shares []float64
	var tickets float64
	err := pool.QueryRow(ctx, `
		SELECT s.words, s.shares, c.reltuples::float8
		FROM pg_class c
		LEFT JOIN (SELECT most_common_elems::text::text[] AS words, most_common_elem_freqs::float8[] AS shares FROM pg_stats
		           WHERE schemaname = current_schema() AND tablename = 'ticket' AND attname = 'description_words') s ON true
		WHERE c.oid = 'ticket'::regclass`).Scan(&words, &shares, &tickets)
	if err != nil {
		return wordShares{}, err
	}
	out := wordShares{tickets: max(tickets, 0)}
	// The shares of the words are followed by their least and greatest.
	if len(words) > 0 && len(shares) > len(words) {
		out.share, out.least = make(map[string]float64, len(words)), shares[len(words)]
		for i, word := range words {
			out.share[word] = shares[i]
		}
	}
	w.at, w.shares = now, out
	return out, nil
}

// mayBeCommon is whether the tickets that hold every one of lexemes may
// number commonWordsFrom: whether the least common lexeme's share of the
// tickets does, a word not listed taken at half the least listed share
// (as the planner takes it). Without statistics any words may be.
func (w wordShares) mayBeCommon(lexemes []string) bool {
	if len(lexemes) == 0 {
		return false
	}
	if w.share == nil {
		return true
	}
	least := 1.0
	for _, l := range lexemes {
		share, ok := w.share[l]
		if !ok {
			share = w.least / 2
		}
		least = min(least, share)
	}
	return least*w.tickets >= commonWordsFrom
}
