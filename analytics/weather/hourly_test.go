package weather

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// hourlyFile writes a local-time hourly file: per day, the hours given,
// with temperature f(day index, hour) and precipitation g(hour).
func hourlyFile(days []string, hours func(d int) []int, temp func(d, h int) float64, precip func(h int) float64) string {
	var b strings.Builder
	b.WriteString("date,temperature_c,precipitation_mm,rain_mm,snowfall_cm,cloud_cover_pct\n")
	for i, d := range days {
		for _, h := range hours(i) {
			fmt.Fprintf(&b, "%s %02d:00:00,%.1f,%.1f,0.0,0.0,50\n", d, h, temp(i, h), precip(h))
		}
	}
	return b.String()
}

func allHours(int) []int {
	h := make([]int, 24)
	for i := range h {
		h[i] = i
	}
	return h
}

func TestHourlyValuesBecomeLocalDaysAndShortDaysStayEmpty(t *testing.T) {
	days := []string{"2025-11-10", "2025-11-11", "2025-11-13"}
	hours := func(d int) []int {
		if d == 1 {
			return allHours(0)[:15] // 00:00 … 14:00: nine hours short
		}
		return allHours(0)
	}
	temp := func(d, h int) float64 { return float64(h - 5 + 10*d) }
	precip := func(h int) float64 {
		if h == 3 || h == 4 || h == 15 {
			return 0.5
		}
		return 0
	}
	p := mustParse(t, hourlyFile(days, hours, temp, precip), ParseOptions{Zone: brussels(t)})
	if p.Format != OpenMeteoHourly || len(p.rows) != 3 {
		t.Fatalf("format %s with %d days, want open-meteo hourly with 3", p.Format, len(p.rows))
	}

	full := dayOf(t, p, "2025-11-10")
	sum := 0.0
	for h := range 24 {
		sum += temp(0, h)
	}
	near(t, "min", full.TempMinC, temp(0, 0))
	near(t, "max", full.TempMaxC, temp(0, 23))
	near(t, "mean", full.TempMeanC, sum/24)
	near(t, "precipitation", full.PrecipMM, 3*0.5)
	near(t, "snowfall", full.SnowCM, 0)

	short := dayOf(t, p, "2025-11-11")
	empty(t, "min of a 15-hour day", short.TempMinC)
	empty(t, "mean of a 15-hour day", short.TempMeanC)
	empty(t, "precipitation of a 15-hour day", short.PrecipMM)
	line := 1 + 24 + 1 // header, the first day, then the short day's first hour
	inc := problemsOf(p.Problems, Incomplete)
	if got, ok := inc[line]; !ok || !strings.Contains(got.Reason, "15 of 24") {
		t.Errorf("incomplete day reported as %v, want line %d with 15 of 24", inc, line)
	}
	gaps := problemsOf(p.Problems, Gap)
	if g, ok := gaps[1+24+15+1]; !ok || !g.Day.Equal(day("2025-11-12")) {
		t.Errorf("gaps %v, want 2025-11-12 on the line of the 13th", gaps)
	}
}

func TestHoursOfAClockChangeDayAllCount(t *testing.T) {
	// 26 October 2025: 25 hours in Brussels, 02:00 twice; 30 March 2025: 23.
	var b strings.Builder
	b.WriteString("time,temperature_2m (°C),precipitation (mm)\n")
	for _, h := range []int{0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23} {
		fmt.Fprintf(&b, "2025-10-26T%02d:00,%d,0.1\n", h, h)
	}
	for h := range 24 {
		if h != 2 { // does not exist that night
			fmt.Fprintf(&b, "2025-03-30T%02d:00,%d,0.2\n", h, h)
		}
	}
	p := mustParse(t, b.String(), ParseOptions{Zone: brussels(t)})
	if n := len(p.Problems) - len(problemsOf(p.Problems, Gap)); n != 0 {
		t.Fatalf("problems on clock-change days: %v", p.Problems)
	}
	near(t, "precipitation of 25 hours", dayOf(t, p, "2025-10-26").PrecipMM, 25*0.1)
	near(t, "precipitation of 23 hours", dayOf(t, p, "2025-03-30").PrecipMM, 23*0.2)
	near(t, "mean of 25 hours", dayOf(t, p, "2025-10-26").TempMeanC, (276.0+2)/25)
}

func TestUTCHoursAreGroupedIntoTheMunicipalitysDays(t *testing.T) {
	var b strings.Builder
	b.WriteString("latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n")
	b.WriteString("50.82,3.26,20.0,0,GMT,GMT\n\n")
	b.WriteString("time,temperature_2m (°C),precipitation (mm)\n")
	start := time.Date(2025, 11, 10, 0, 0, 0, 0, time.UTC)
	for i := range 48 {
		fmt.Fprintf(&b, "%s,%d,1.0\n", start.Add(time.Duration(i)*time.Hour).Format("2006-01-02T15:04"), i)
	}
	p := mustParse(t, b.String(), ParseOptions{Zone: brussels(t)})
	// Brussels is UTC+1 in November: its 10 November runs from 23:00 UTC
	// the day before, so the file holds 23 of its hours (values 0 … 22).
	first := dayOf(t, p, "2025-11-10")
	near(t, "min of the first local day", first.TempMinC, 0)
	near(t, "max of the first local day", first.TempMaxC, 22)
	empty(t, "precipitation of 23 of 24 hours", first.PrecipMM)
	second := dayOf(t, p, "2025-11-11")
	near(t, "min of the second local day", second.TempMinC, 23)
	near(t, "max of the second local day", second.TempMaxC, 46)
	near(t, "precipitation of the second local day", second.PrecipMM, 24)
	last := dayOf(t, p, "2025-11-12")
	empty(t, "min of the one hour of the 12th", last.TempMinC)
	if n := len(problemsOf(p.Problems, Incomplete)); n != 2 {
		t.Errorf("%d incomplete days reported, want 2: %v", n, p.Problems)
	}
}

func TestARepeatedHourOutsideAClockChangeIsADuplicate(t *testing.T) {
	data := "date,temperature_c\n2025-11-10 05:00:00,1\n2025-11-10 05:00:00,9\n"
	p := mustParse(t, data, ParseOptions{Zone: brussels(t)})
	if _, ok := problemsOf(p.Problems, Duplicate)[3]; !ok {
		t.Errorf("problems %v, want line 3 a duplicate", p.Problems)
	}
}

func TestALineThatIsNoCSVIsReportedAndTheRestRead(t *testing.T) {
	data := "date,temperature_c\n2025-11-10 05:00:00,1\n2025-11-10 06:00:00,2\"x\n2025-11-10 07:00:00,3\n"
	p := mustParse(t, data, ParseOptions{Zone: brussels(t)})
	if _, ok := problemsOf(p.Problems, Unreadable)[3]; !ok {
		t.Errorf("problems %v, want line 3 unreadable", p.Problems)
	}
	if inc, ok := problemsOf(p.Problems, Incomplete)[2]; !ok || !strings.Contains(inc.Reason, "2 of 24") {
		t.Errorf("problems %v, want the day reported with the 2 hours read", p.Problems)
	}
}
