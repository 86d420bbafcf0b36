package countmodel

import (
	"math"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/gonum/mat"

	"loket/internal/errs"
)

// Design is a model matrix: one row per day, one named column per effect.
// The first column is always the intercept.
type Design struct {
	Names []string
	Days  []time.Time
	X     *mat.Dense
}

// check refuses a hand-made design whose parts do not line up.
func (d *Design) check() error {
	if d == nil || d.X == nil {
		return errs.E(errs.Invalid, "a design is needed")
	}
	n, p := d.X.Dims()
	if len(d.Names) != p {
		return errs.E(errs.Invalid, "the design has %d columns but %d names", p, len(d.Names))
	}
	if d.Days != nil && len(d.Days) != n {
		return errs.E(errs.Invalid, "the design has %d rows but %d days", n, len(d.Days))
	}
	return nil
}

// day is the day of row i, or the zero time for a design without days.
func (d *Design) day(i int) time.Time {
	if d.Days == nil {
		return time.Time{}
	}
	return d.Days[i]
}

// Column is a numeric explanatory variable such as rain or frost. With Lag
// n, the row for a day holds the value of n days earlier ("rain
// yesterday" is Lag 1).
type Column struct {
	Name  string
	Lag   int
	Value func(day time.Time) (float64, bool)
}

// Spec says which columns a design has. The same Spec builds the design
// for fitting and for forecasting, so the two agree column by column.
type Spec struct {
	Weekdays  bool                     // six dummies; Monday is the baseline
	Harmonics int                      // annual Fourier pairs sin/cos(2πk·day/365.25), k = 1…Harmonics
	TrendFrom time.Time                // when set: a linear trend in years since this day
	Holiday   func(day time.Time) bool // when set: a 0/1 "holiday" column
	Columns   []Column
}

// maxHarmonics bounds the annual Fourier terms; beyond it they describe
// noise rather than a season.
const maxHarmonics = 26

const daysPerYear = 365.25

var weekdayNames = []string{"tue", "wed", "thu", "fri", "sat", "sun"}

// Names lists the design's column names in order.
func (s Spec) Names() []string {
	names := []string{"intercept"}
	if s.Weekdays {
		names = append(names, weekdayNames...)
	}
	for k := 1; k <= s.Harmonics; k++ {
		names = append(names, "sin"+strconv.Itoa(k), "cos"+strconv.Itoa(k))
	}
	if !s.TrendFrom.IsZero() {
		names = append(names, "trend")
	}
	if s.Holiday != nil {
		names = append(names, "holiday")
	}
	for _, c := range s.Columns {
		names = append(names, c.Name)
	}
	return names
}

func (s Spec) validate() error {
	if s.Harmonics < 0 || s.Harmonics > maxHarmonics {
		return errs.E(errs.Invalid, "harmonics must be between 0 and %d, not %d", maxHarmonics, s.Harmonics)
	}
	for _, c := range s.Columns {
		switch {
		case c.Name == "":
			return errs.E(errs.Invalid, "a column needs a name")
		case c.Value == nil:
			return errs.E(errs.Invalid, "column %q has no values", c.Name)
		case c.Lag < 0:
			return errs.E(errs.Invalid, "column %q: a lag counts days back and cannot be negative", c.Name)
		}
	}
	names := s.Names()
	for i, n := range names {
		if slices.Contains(names[:i], n) {
			return errs.E(errs.Invalid, "column name %q is used twice", n)
		}
	}
	return nil
}

// Build makes the design rows for days.
func (s Spec) Build(days []time.Time) (*Design, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	if len(days) == 0 {
		return nil, errs.E(errs.Invalid, "a design needs at least one day")
	}
	names := s.Names()
	x := mat.NewDense(len(days), len(names), nil)
	rows := make([]time.Time, len(days))
	for i, day := range days {
		rows[i] = date(day)
		if err := s.fillRow(x.RawRowView(i), rows[i]); err != nil {
			return nil, err
		}
	}
	return &Design{Names: names, Days: rows, X: x}, nil
}

func (s Spec) fillRow(row []float64, day time.Time) error {
	row[0] = 1
	j := 1
	if s.Weekdays {
		// Monday is the baseline: time.Weekday counts Sunday as 0.
		if wd := (int(day.Weekday()) + 6) % 7; wd > 0 {
			row[j+wd-1] = 1
		}
		j += len(weekdayNames)
	}
	phase := 2 * math.Pi * float64(dayNumber(day)) / daysPerYear
	for k := 1; k <= s.Harmonics; k++ {
		row[j], row[j+1] = math.Sin(float64(k)*phase), math.Cos(float64(k)*phase)
		j += 2
	}
	if !s.TrendFrom.IsZero() {
		row[j] = float64(dayNumber(day)-dayNumber(s.TrendFrom)) / daysPerYear
		j++
	}
	if s.Holiday != nil {
		if s.Holiday(day) {
			row[j] = 1
		}
		j++
	}
	for _, c := range s.Columns {
		from := day.AddDate(0, 0, -c.Lag)
		v, ok := c.Value(from)
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			return errs.E(errs.Invalid, "column %q has no value for %s", c.Name, from.Format(time.DateOnly))
		}
		row[j] = v
		j++
	}
	return nil
}
