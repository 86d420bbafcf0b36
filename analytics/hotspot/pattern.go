package hotspot

// Pattern is a cell's emerging hot spot class over a run of time slices.
type Pattern int

const (
	NoPattern Pattern = iota
	NewHot
	ConsecutiveHot
	IntensifyingHot
	PersistentHot
	DiminishingHot
	SporadicHot
	OscillatingHot
	HistoricalHot
	NewCold
	ConsecutiveCold
	IntensifyingCold
	PersistentCold
	DiminishingCold
	SporadicCold
	OscillatingCold
	HistoricalCold
)

var patternNames = [...]string{
	NoPattern:        "No Pattern Detected",
	NewHot:           "New Hot Spot",
	ConsecutiveHot:   "Consecutive Hot Spot",
	IntensifyingHot:  "Intensifying Hot Spot",
	PersistentHot:    "Persistent Hot Spot",
	DiminishingHot:   "Diminishing Hot Spot",
	SporadicHot:      "Sporadic Hot Spot",
	OscillatingHot:   "Oscillating Hot Spot",
	HistoricalHot:    "Historical Hot Spot",
	NewCold:          "New Cold Spot",
	ConsecutiveCold:  "Consecutive Cold Spot",
	IntensifyingCold: "Intensifying Cold Spot",
	PersistentCold:   "Persistent Cold Spot",
	DiminishingCold:  "Diminishing Cold Spot",
	SporadicCold:     "Sporadic Cold Spot",
	OscillatingCold:  "Oscillating Cold Spot",
	HistoricalCold:   "Historical Cold Spot",
}

// String gives the pattern's English name as ArcGIS Pro prints it.
func (p Pattern) String() string {
	if p < 0 || int(p) >= len(patternNames) {
		return "Unknown Pattern"
	}
	return patternNames[p]
}

// Hot reports a hot spot pattern, Cold a cold spot pattern.
func (p Pattern) Hot() bool  { return p >= NewHot && p <= HistoricalHot }
func (p Pattern) Cold() bool { return p >= NewCold && p <= HistoricalCold }

// cold maps a hot pattern to its cold twin; the rules are the same with the
// roles of hot and cold swapped.
func (p Pattern) cold() Pattern {
	if !p.Hot() {
		return p
	}
	return p - NewHot + NewCold
}
