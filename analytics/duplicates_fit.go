package analytics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// Fitted is what Fit learnt: the scoring model and per-category rules.
type Fitted struct {
	Model Model
	Rules map[int]Rule // by category id; categories left out keep DefaultRule
}

// Search is the rule set a fitted model searches with.
func (f Fitted) Search() Rules {
	def := DefaultRule
	def.Share = f.Model.Share
	return Rules{Default: def, Category: f.Rules, Fixed: true}
}

// minPairsForRule is how many known duplicate pairs a category needs
// before its own rule replaces the default.
const minPairsForRule = 10

// ridge is the weight penalty of the regression: small beside hundreds of
// thousands of pairs, enough to keep a constant feature at zero.
const ridge = 1.0

// Fit learns from the labelled tickets created in [from, to): each
// category's rule from where and when its known originals lay, then the
// model from every candidate pair the search finds with those rules. A
// pair is positive when the candidate is the ticket's known original and
// negative otherwise; tickets closed as duplicates of an unknown original
// add no pairs (each of theirs might be it). The threshold is the one
// with the best F1 at telling duplicates from the rest.
func (d *Duplicates) Fit(ctx context.Context, municipality int, from, to time.Time) (Fitted, error) {
	labels, err := d.labels(ctx, municipality)
	if err != nil {
		return Fitted{}, err
	}
	known, err := d.knownPairs(ctx, municipality, from, to, labels)
	if err != nil {
		return Fitted{}, err
	}
	shares, overall, err := d.shares(ctx, municipality, from, to, labels)
	if err != nil {
		return Fitted{}, err
	}
	fit := Fitted{Rules: fitRules(known, shares), Model: Model{Share: overall}}
	found, _, err := d.collect(ctx, period(municipality, from, to, fit.Search()))
	if err != nil {
		return Fitted{}, err
	}
	probes, err := d.probeIDs(ctx, municipality, from, to)
	if err != nil {
		return Fitted{}, err
	}
	var x [][]float64
	var y []bool
	for _, probe := range probes { // in id order: the same data gives the same weights
		l := labels[probe]
		if l.duplicate && l.original == 0 {
			continue
		}
		for _, c := range found[probe] {
			x, y = append(x, c.features.vector()), append(y, c.candidate == l.original)
		}
	}
	if !slices.Contains(y, true) {
		return Fitted{}, errors.New("no known original is among the candidates: nothing to fit on")
	}
	w, err := fitLogistic(x, y, ridge)
	if err != nil {
		return Fitted{}, err
	}
	fit.Model.Features, fit.Model.Weights, fit.Model.Pairs = featureNames, w, len(y)
	for _, v := range y {
		fit.Model.Positives += int(bit(v))
	}
	best, truth := make([]float64, len(probes)), make([]bool, len(probes))
	for i, p := range probes {
		truth[i] = labels[p].duplicate
		for _, c := range found[p] {
			best[i] = max(best[i], fit.Model.Score(c.features))
		}
	}
	fit.Model.Threshold, _ = bestThreshold(best, truth)
	fit.Model.Fitted = fmt.Sprintf("tickets created from %s to %s: %d candidate pairs, %d of them a known original",
		from.Format(time.DateOnly), to.Format(time.DateOnly), fit.Model.Pairs, fit.Model.Positives)
	return fit, nil
}

// fitRules gives each category its share of duplicates and, with enough
// known pairs, its own bounds: the radius holding 90 % of its originals,
// and the window holding 90 % of those that had ended before their
// duplicate came in, within limits.
func fitRules(known []knownPair, shares map[int]float64) map[int]Rule {
	byCategory := map[int][]knownPair{}
	for _, k := range known {
		byCategory[k.category] = append(byCategory[k.category], k)
	}
	rules := map[int]Rule{}
	for cat, share := range shares {
		rules[cat] = Rule{RadiusM: DefaultRule.RadiusM, WindowDays: DefaultRule.WindowDays, Share: share}
	}
	for cat, ks := range byCategory {
		if len(ks) < minPairsForRule {
			continue
		}
		var dist, ended []float64
		for _, k := range ks {
			dist = append(dist, k.distanceM)
			if k.endedDays >= 0 {
				ended = append(ended, k.endedDays)
			}
		}
		r := rules[cat]
		r.RadiusM = clamp(int(math.Ceil(quantile(dist, 0.9)/10))*10, minRadiusM, maxRadiusM)
		if len(ended) >= minPairsForRule {
			r.WindowDays = clamp(int(math.Ceil(quantile(ended, 0.9))), minWindowDays, maxWindowDays)
		}
		rules[cat] = r
	}
	return rules
}

func quantile(v []float64, q float64) float64 {
	s := slices.Sorted(slices.Values(v))
	return s[min(int(q*float64(len(s))), len(s)-1)]
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

// shareWeight is how many tickets' worth of the overall share a
// category's own share starts from: a category with a handful of tickets
// keeps close to the overall share.
const shareWeight = 20

// shares is, per category, the share of its tickets created in [from,
// to) that were closed as duplicates, drawn towards the overall share.
func (d *Duplicates) shares(ctx context.Context, municipality int, from, to time.Time, labels map[int64]label) (map[int]float64, float64, error) {
	rows, err := d.pool.Query(ctx, `SELECT id, category_id FROM ticket
		WHERE municipality_id = $1 AND created_at >= $2 AND created_at < $3`, municipality, from, to)
	if err != nil {
		return nil, 0, err
	}
	tickets, dups := map[int]int{}, map[int]int{}
	var id int64
	var cat int
	if _, err := pgx.ForEachRow(rows, []any{&id, &cat}, func() error {
		tickets[cat]++
		dups[cat] += int(bit(labels[id].duplicate))
		return nil
	}); err != nil {
		return nil, 0, err
	}
	total, totalDups := 0, 0
	for cat, n := range tickets {
		total, totalDups = total+n, totalDups+dups[cat]
	}
	if total == 0 || totalDups == 0 {
		return nil, 0, errors.New("no ticket of the period is labelled a duplicate: nothing to fit on")
	}
	overall := float64(totalDups) / float64(total)
	out := map[int]float64{}
	for cat, n := range tickets {
		out[cat] = (float64(dups[cat]) + shareWeight*overall) / float64(n+shareWeight)
	}
	return out, overall, nil
}
