package weather

import (
	"fmt"
	"slices"
	"time"
)

// ProblemKind says what is wrong with a line or a day of a file.
type ProblemKind string

const (
	Unreadable ProblemKind = "unreadable" // not a date or number, or not CSV
	Impossible ProblemKind = "impossible" // no weather can have this value
	Flagged    ProblemKind = "flagged"    // the source's quality control rejected it
	Incomplete ProblemKind = "incomplete" // a day with too few hourly readings
	Gap        ProblemKind = "gap"        // days the file skips
	Duplicate  ProblemKind = "duplicate"  // a day or hour given twice: the first one counts
)

// Problem is something an import left out or stored as unknown, and why.
type Problem struct {
	Line   int       // line in the file (1 is the first)
	Day    time.Time // the day concerned, when known
	Kind   ProblemKind
	Reason string
}

func (p Problem) String() string {
	if p.Day.IsZero() {
		return fmt.Sprintf("line %d: %s: %s", p.Line, p.Kind, p.Reason)
	}
	return fmt.Sprintf("line %d (%s): %s: %s", p.Line, p.Day.Format(time.DateOnly), p.Kind, p.Reason)
}

// problems collects what a parse finds.
type problems []Problem

func (ps *problems) add(line int, day time.Time, kind ProblemKind, format string, args ...any) {
	*ps = append(*ps, Problem{Line: line, Day: day, Kind: kind, Reason: fmt.Sprintf(format, args...)})
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return a.Line - b.Line })
}
