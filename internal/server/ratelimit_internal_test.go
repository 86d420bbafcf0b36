package server

import (
	"testing"
	"time"
)

func TestABucketRefillsAtItsRateAndIsForgottenOnceFull(t *testing.T) {
	b := newBuckets(Rate{PerMinute: 60, Burst: 2}, "requests")
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range 2 {
		if _, ok := b.take("a", t0); !ok {
			t.Fatalf("request %d of a burst of 2 refused", i+1)
		}
	}
	wait, ok := b.take("a", t0)
	if ok || wait <= 0 || wait > time.Second {
		t.Errorf("the third request at once: ok %v, wait %s; want a refusal for up to a second", ok, wait)
	}
	if _, ok := b.take("b", t0); !ok {
		t.Error("another client was refused")
	}
	if _, ok := b.take("a", t0.Add(time.Second)); !ok {
		t.Error("a second later a token should have come back")
	}
	// Two minutes on both buckets are full again: the sweep drops them.
	if _, ok := b.take("c", t0.Add(2*time.Minute)); !ok {
		t.Fatal("a new client was refused")
	}
	if _, kept := b.byKey["a"]; kept || len(b.byKey) != 1 {
		t.Errorf("after the sweep the buckets are %v, want only c's", b.byKey)
	}
}
