package analytics

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// Features describe a candidate against the ticket it may be the
// original of. They carry no city's units or codes, so weights fitted on
// one register score another's tickets.
type Features struct {
	DistanceM      float64
	AgeDays        float64 // how long before the ticket the candidate came in
	SameCategory   bool    // the same category, not a sibling
	TextSimilarity float64 // pg_trgm similarity of the descriptions, 0 to 1
	SameReporter   bool
	SameAddress    bool // the same register address or address text
	OpenThen       bool // still open when the ticket came in
	// CategoryShare is how often tickets of the ticket's category turned
	// out duplicates.
	CategoryShare float64
}

// featureNames are the model's inputs, in the order of its weights.
var featureNames = []string{"intercept", "distance_100m", "log_age_hours", "same_category",
	"text_similarity", "same_reporter", "same_address", "open_then", "category_share_logit"}

func (f Features) vector() []float64 {
	share := min(max(f.CategoryShare, 0.001), 0.999)
	return []float64{1, f.DistanceM / 100, math.Log1p(max(f.AgeDays*24, 0)), bit(f.SameCategory),
		f.TextSimilarity, bit(f.SameReporter), bit(f.SameAddress), bit(f.OpenThen), math.Log(share / (1 - share))}
}

func bit(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Model is a logistic regression over Features: the probability that a
// candidate is the ticket's original. Threshold is where a candidate
// counts as a likely duplicate, chosen for the best F1 on the data it
// was fitted on.
type Model struct {
	Features  []string  `json:"features"`
	Weights   []float64 `json:"weights"`
	Threshold float64   `json:"threshold"`
	Fitted    string    `json:"fitted"`  // the data it was fitted on
	Command   string    `json:"command"` // how to fit it again
	Pairs     int       `json:"pairs"`   // candidate pairs fitted on
	Positives int       `json:"positives"`
	// Share is how often a ticket turned out a duplicate overall: the
	// category share of categories without one of their own.
	Share float64 `json:"share"`
	// Rules are the per-category bounds fitted with it (by category code,
	// for the record; searches read the rules stored on categories).
	Rules map[string]Rule `json:"rules,omitempty"`
}

// Score is the probability that the candidate described by f is the original.
func (m Model) Score(f Features) float64 { return sigmoid(m.logit(f)) }

func (m Model) logit(f Features) float64 { return dot(m.Weights, f.vector()) }

// Check says whether m can score: one weight per feature, in order.
func (m Model) Check() error {
	if !slices.Equal(m.Features, featureNames) || len(m.Weights) != len(featureNames) {
		return fmt.Errorf("duplicate model: features %v with %d weights, want %v", m.Features, len(m.Weights), featureNames)
	}
	if m.Threshold <= 0 || m.Threshold >= 1 || m.Share <= 0 || m.Share >= 1 {
		return fmt.Errorf("duplicate model: threshold %v or share %v is not a probability", m.Threshold, m.Share)
	}
	return nil
}

//go:embed duplicates_model.json
var embeddedModel []byte

// EmbeddedModel is the model fitted on Boston's 2015 cases of January to
// August (September to December are kept for judging it: loket bench
// duplicates). To fit it again:
//
//	loket import tickets -format boston311 testdata/boston/boston311-2015.csv.gz \
//	    -neighbourhoods testdata/boston/neighborhoods.geojson
//	loket analyze duplicates -fit -municipality 99001 -since 2015-01-01 -until 2015-09-01 \
//	    -out analytics/duplicates_model.json
//
// The same command fits any database with labelled duplicates (merges,
// or a foreign register's labels). Boston's cases name no reporters, so
// the same-reporter weight stays 0 until a register that does is fitted.
func EmbeddedModel() Model {
	var m Model
	if err := json.Unmarshal(embeddedModel, &m); err != nil {
		panic("duplicate model: " + err.Error())
	}
	if err := m.Check(); err != nil {
		panic(err)
	}
	return m
}
