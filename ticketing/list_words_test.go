package ticketing

import (
	"testing"
	"time"
)

func TestTheWordsCacheForgetsAfterItsTimeAndFoldsCaseAndSpaces(t *testing.T) {
	var c wordsCache
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	c.put(wordsKeyOf(1, "Sint-Janslaan"), true, now)
	if common, ok := c.get(wordsKeyOf(1, "  sint-janslaan "), now.Add(time.Minute)); !ok || !common {
		t.Errorf("the same words in other case and spacing: got %v, %v; want common from the cache", common, ok)
	}
	if _, ok := c.get(wordsKeyOf(2, "Sint-Janslaan"), now); ok {
		t.Error("another municipality's count was used")
	}
	if _, ok := c.get(wordsKeyOf(1, "Sint-Janslaan"), now.Add(wordsTTL+time.Second)); ok {
		t.Error("a count older than wordsTTL was used")
	}
	for i := range wordsEntries {
		c.put(wordsKey{1, string(rune('a'+i%26)) + time.Duration(i).String()}, false, now)
	}
	if len(c.seen) > wordsEntries {
		t.Errorf("%d entries kept, at most %d", len(c.seen), wordsEntries)
	}
}
