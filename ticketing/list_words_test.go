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

func TestWordsMayBeCommonOnlyIfTheirLeastCommonWordIs(t *testing.T) {
	w := wordShares{share: map[string]float64{"de": 0.9, "markt": 0.01, "grote": 0.004}, least: 0.002, tickets: 1_000_000}
	for _, c := range []struct {
		lexemes []string
		want    bool
	}{
		{[]string{"de"}, true},
		{[]string{"markt", "de"}, true},     // 10,000 tickets at most
		{[]string{"grote", "markt"}, false}, // 4,000 at most
		{[]string{"onbekend"}, false},       // not listed: 1,000
		{[]string{"de", "onbekend"}, false}, // the least common decides
		{nil, false},                        // no words: no matches
	} {
		if got := w.mayBeCommon(c.lexemes); got != c.want {
			t.Errorf("%v: %v, want %v", c.lexemes, got, c.want)
		}
	}
	if !(wordShares{tickets: 10}).mayBeCommon([]string{"de"}) {
		t.Error("without statistics words must be tried")
	}
	if (wordShares{share: map[string]float64{"de": 0.9}, least: 0.9, tickets: 5000}).mayBeCommon([]string{"de"}) {
		t.Error("4,500 of 5,000 tickets made common")
	}
}
