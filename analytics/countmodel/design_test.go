package countmodel

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestSpecBuildsNamedColumns(t *testing.T) {
	days := Days(day0, 10) // Monday 3 January 2022 onwards
	rain := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	newYear := time.Date(2022, 1, 9, 0, 0, 0, 0, time.UTC) // a Sunday, to check both columns light up
	spec := Spec{
		Weekdays: true, Harmonics: 1, TrendFrom: day0,
		Holiday: func(d time.Time) bool { return d.Equal(newYear) },
		Columns: []Column{
			{Name: "rain", Value: ByDay(days, rain)},
			{Name: "rain_yesterday", Lag: 1, Value: ByDay(days, rain)},
		},
	}
	d, err := spec.Build(days[1:])
	if err != nil {
		t.Fatal(err)
	}
	want := "intercept tue wed thu fri sat sun sin1 cos1 trend holiday rain rain_yesterday"
	if got := strings.Join(d.Names, " "); got != want {
		t.Fatalf("names %q, want %q", got, want)
	}
	col := func(name string, row int) float64 {
		for j, n := range d.Names {
			if n == name {
				return d.X.At(row, j)
			}
		}
		t.Fatalf("no column %q", name)
		return 0
	}
	// Row 0 is Tuesday 4 January; row 5 is Sunday 9 January; row 6 a Monday.
	if col("tue", 0) != 1 || col("wed", 0) != 0 || col("sun", 5) != 1 || col("holiday", 5) != 1 || col("holiday", 4) != 0 {
		t.Error("weekday or holiday dummies are in the wrong rows")
	}
	for _, wd := range []string{"tue", "wed", "thu", "fri", "sat", "sun"} {
		if col(wd, 6) != 0 {
			t.Errorf("Monday is the baseline, yet its %s dummy is set", wd)
		}
	}
	if col("rain", 3) != 4 || col("rain_yesterday", 3) != 3 {
		t.Errorf("rain %v and rain yesterday %v on 7 January, want 4 and 3", col("rain", 3), col("rain_yesterday", 3))
	}
	if got, want := col("trend", 3), 4/daysPerYear; math.Abs(got-want) > 1e-15 {
		t.Errorf("trend %v four days after its start, want %v", got, want)
	}
	// One year on, the annual terms repeat (up to the quarter day a year has over 365).
	later, err := Spec{Harmonics: 1}.Build([]time.Time{days[1].AddDate(0, 0, 365)})
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Hypot(later.X.At(0, 1)-col("sin1", 0), later.X.At(0, 2)-col("cos1", 0)); d > 2*math.Pi*0.25/daysPerYear+1e-12 {
		t.Errorf("annual terms drift by %v after a year", d)
	}
}

func TestSpecRefusesWhatItCannotBuild(t *testing.T) {
	days := Days(day0, 5)
	cases := map[string]Spec{
		"a lag before the data": {Columns: []Column{{Name: "rain", Lag: 1, Value: ByDay(days, []float64{1, 2, 3, 4, 5})}}},
		"a missing value":       {Columns: []Column{{Name: "rain", Value: ByDay(days[:3], []float64{1, 2, 3})}}},
		"a NaN":                 {Columns: []Column{{Name: "rain", Value: ByDay(days, []float64{1, math.NaN(), 3, 4, 5})}}},
		"a duplicate name":      {Weekdays: true, Columns: []Column{{Name: "sat", Value: ByDay(days, make([]float64, 5))}}},
		"a nameless column":     {Columns: []Column{{Value: ByDay(days, make([]float64, 5))}}},
		"a negative lag":        {Columns: []Column{{Name: "rain", Lag: -1, Value: ByDay(days, make([]float64, 5))}}},
		"too many harmonics":    {Harmonics: 40},
	}
	for name, spec := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := spec.Build(days)
			mustInvalid(t, err, name)
		})
	}
}
