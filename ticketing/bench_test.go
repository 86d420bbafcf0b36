package ticketing_test

import (
	"context"
	"testing"

	"loket/ticketing"
)

func TestTheIntakeBenchmarkCountsWhatItWroteAndLeavesNothingBehind(t *testing.T) {
	s := newSite(t)
	before := s.count(`SELECT count(*) FROM ticket`)
	rep, err := ticketing.BenchIntake(context.Background(), s.pool, 1, s.url, ticketing.BenchOptions{Tickets: 60, Concurrency: 3, Typed: 0.5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 60 || rep.Failed != 0 || rep.DistinctRefs != 60 || rep.Notifications != 60 {
		t.Errorf("created %d, failed %d, %d distinct references, %d confirmations; want 60, 0, 60, 60",
			rep.Created, rep.Failed, rep.DistinctRefs, rep.Notifications)
	}
	teams := 0
	for _, n := range rep.ByTeam {
		teams += n
	}
	if teams != 60 || rep.ByAddressText == 0 || rep.ByAddressText == 60 {
		t.Errorf("%d tickets over the teams, %d placed by a typed address; want 60, and both ways used", teams, rep.ByAddressText)
	}
	if after := s.count(`SELECT count(*) FROM ticket`); after != before {
		t.Errorf("%d tickets before and %d after: the benchmark left its tickets", before, after)
	}
	if n := s.count(`SELECT count(*) FROM api_client`); n != 0 {
		t.Errorf("%d machine clients left behind", n)
	}
}
