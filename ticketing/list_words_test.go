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

func TestTheWordIndexCountIsTrustedOnlyWhereItCountsThisMunicipality(t *testing.T) {
	for _, c := range []struct {
		matches            int
		found, slow, alone bool
		want               int
		ok                 bool
	}{
		{4999, true, false, false, 4999, true},        // rare everywhere: rare here
		{5001, true, false, true, 5001, true},         // alone: the index counts only here
		{5001, true, false, false, 0, false},          // common somewhere: read to know here
		{0, false, false, true, 0, false},             // no index scan in the plan
		{0, false, true, true, commonWordsFrom, true}, // too many to collect in time
		{0, false, true, false, 0, false},             // too many, perhaps elsewhere
	} {
		n, ok := wordsVerdict(c.matches, c.found, c.slow, c.alone)
		if ok != c.ok || ok && n != c.want {
			t.Errorf("wordsVerdict(%d, found %v, slow %v, alone %v) = %d, %v; want %d, %v", c.matches, c.found, c.slow, c.alone, n, ok, c.want, c.ok)
		}
	}
}
