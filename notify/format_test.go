package notify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDatesAreWrittenAsInALetter(t *testing.T) {
	cases := []struct{ lang, iso, want string }{
		{"nl", "2026-12-01", "1 december 2026"},
		{"fr", "2026-12-01", "1er décembre 2026"},
		{"fr", "2026-08-15", "15 août 2026"},
		{"en", "2026-12-01", "1 December 2026"},
		{"en", "2027-02-28", "28 February 2027"},
	}
	for _, c := range cases {
		got, err := dateIn(c.lang)(c.iso)
		if err != nil || got != c.want {
			t.Errorf("%s %s = %q, %v; want %q", c.lang, c.iso, got, err, c.want)
		}
	}
	if _, err := dateIn("nl")("01/12/2026"); err == nil {
		t.Error("a date that is not YYYY-MM-DD was accepted")
	}
}

func TestLongDescriptionsAreQuotedShort(t *testing.T) {
	long := strings.Repeat("Een diepe put in het fietspad. ", 60) // 1860 characters
	got := quote(long)
	if n := utf8.RuneCountInString(got); n > quoteLimit+20 {
		t.Errorf("quote is %d characters long", n)
	}
	if !strings.HasSuffix(got, " …") || !strings.HasPrefix(got, "> Een diepe put") {
		t.Errorf("quote = %q", got)
	}
	if got := quote("first line\r\nsecond line"); got != "> first line\n> second line" {
		t.Errorf("multi-line quote = %q", got)
	}
}

func TestUnknownLanguagesFallBackToDutch(t *testing.T) {
	for in, want := range map[string]string{"fr": "fr", "en": "en", "": "nl", "de": "nl", "FR ": "nl"} {
		if got := language(in); got != want {
			t.Errorf("language(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBackoffDoublesUpToTheCapWithALittleJitter(t *testing.T) {
	base, ceiling := 30*time.Second, time.Hour
	for failures, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 8: time.Hour, 60: time.Hour} {
		for range 20 {
			got := backoff(failures, base, ceiling)
			if got > want || got < want-want/10 {
				t.Fatalf("backoff(%d) = %v, want within 10%% below %v", failures, got, want)
			}
		}
	}
}

func TestRelativeLinksNeedABaseURL(t *testing.T) {
	base := mustURL(t, "https://loket.example.be")
	cases := []struct {
		link, want string
		withBase   bool
	}{
		{"/my/tickets/1777-2026-000001", "https://loket.example.be/my/tickets/1777-2026-000001", true},
		{"/my/tickets/1777-2026-000001", "", false},
		{"https://elders.example/x", "https://elders.example/x", false},
		{"", "", true},
	}
	for _, c := range cases {
		b := base
		if !c.withBase {
			b = nil
		}
		if got := absoluteURL(b, c.link); got != c.want {
			t.Errorf("absoluteURL(%q, base %v) = %q, want %q", c.link, c.withBase, got, c.want)
		}
	}
}
