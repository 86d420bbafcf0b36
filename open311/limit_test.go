package open311

import "testing"

func TestTheLimiterCountsEachKeyApart(t *testing.T) {
	l := newLimiter()
	for i := range 3 {
		if !l.allow("a", 3) {
			t.Fatalf("request %d of 3 refused", i+1)
		}
	}
	if l.allow("a", 3) {
		t.Error("a fourth request within the minute was allowed")
	}
	if !l.allow("b", 3) {
		t.Error("another key was refused")
	}
}
