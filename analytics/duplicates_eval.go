package analytics

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Evaluation compares fitted duplicate detection with the baseline rule
// on the placed tickets created in a period, as each would have judged
// them when they came in.
type Evaluation struct {
	Probes         int // placed tickets created in the period
	Duplicates     int // of them, closed as duplicates
	KnownOriginals int // of those, of an original that is known
	Reachable      int // known originals among the fitted search's candidates
	Model          Scores
	Baseline       Scores
}

// Scores are one method's results: is the ticket a duplicate (Ticket),
// is its first candidate its original (Pair, over the tickets whose truth
// is known: not duplicates, or duplicates of a known original), and how
// often the known original is among its first five candidates.
type Scores struct {
	Ticket, Pair PRF
	Top5         int
	Pairs        int // candidate pairs the search returned
}

// PRF counts a yes/no decision against the truth.
type PRF struct{ TP, FP, FN int }

func (s PRF) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }
func (s PRF) Recall() float64    { return ratio(s.TP, s.TP+s.FN) }
func (s PRF) F1() float64        { return ratio(2*s.TP, 2*s.TP+s.FP+s.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// BaselineRules is the rule the fitted search is measured against: a
// ticket of the same category within 250 m that is still open.
var BaselineRules = Rules{Default: Rule{RadiusM: 250, WindowDays: 0}, Fixed: true}

// ranked is a candidate with the key a method orders by.
type ranked struct {
	id          int64
	score, dist float64
	age         float64
}

// Evaluate judges fit and the baseline on the tickets created in [from, to).
func (d *Duplicates) Evaluate(ctx context.Context, municipality int, from, to time.Time, fit Fitted) (Evaluation, error) {
	var ev Evaluation
	labels, err := d.labels(ctx, municipality)
	if err != nil {
		return ev, err
	}
	probes, err := d.probeIDs(ctx, municipality, from, to)
	if err != nil {
		return ev, err
	}
	model, nModel, err := d.collect(ctx, period(municipality, from, to, fit.Search()))
	if err != nil {
		return ev, err
	}
	base := period(municipality, from, to, BaselineRules)
	base.sameOnly = true
	baseline, nBase, err := d.collect(ctx, base)
	if err != nil {
		return ev, err
	}
	ev.Probes, ev.Model.Pairs, ev.Baseline.Pairs = len(probes), nModel, nBase
	for _, p := range probes {
		l := labels[p]
		ev.Duplicates += int(bit(l.duplicate))
		ev.KnownOriginals += int(bit(l.original != 0))
		byScore := rank(model[p], func(f Features) float64 { return fit.Model.Score(f) }, func(a, b ranked) int {
			return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.dist, b.dist), cmp.Compare(b.id, a.id))
		})
		byDistance := rank(baseline[p], func(Features) float64 { return 1 }, func(a, b ranked) int {
			return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.age, b.age), cmp.Compare(b.id, a.id))
		})
		if slices.ContainsFunc(byScore, func(r ranked) bool { return r.id == l.original }) {
			ev.Reachable++
		}
		judge(&ev.Model, byScore, l, fit.Model.Threshold)
		judge(&ev.Baseline, byDistance, l, 1)
	}
	return ev, nil
}

// rank orders a probe's candidates by a method's key.
func rank(cands []found, score func(Features) float64, order func(a, b ranked) int) []ranked {
	out := make([]ranked, len(cands))
	for i, c := range cands {
		out[i] = ranked{id: c.candidate, score: score(c.features), dist: c.features.DistanceM, age: c.features.AgeDays}
	}
	slices.SortStableFunc(out, order)
	return out
}

// judge scores one ticket's ranked candidates: it is called a duplicate
// when the first reaches the threshold, of that first candidate.
func judge(s *Scores, cands []ranked, l label, threshold float64) {
	called := len(cands) > 0 && cands[0].score >= threshold
	count(&s.Ticket, called, l.duplicate)
	if l.duplicate && l.original == 0 {
		return // which candidate is the original is not known
	}
	right := called && cands[0].id == l.original
	switch {
	case right:
		s.Pair.TP++
	case called:
		s.Pair.FP++
	}
	if l.original != 0 && !right {
		s.Pair.FN++
	}
	for i := range min(5, len(cands)) {
		if l.original != 0 && cands[i].id == l.original {
			s.Top5++
		}
	}
}

func count(s *PRF, called, truth bool) {
	switch {
	case called && truth:
		s.TP++
	case called:
		s.FP++
	case truth:
		s.FN++
	}
}
