package weather

import (
	"fmt"
	"strings"
	"testing"

	"loket/internal/errs"
)

func TestOpenMeteoDailyUnitsComeFromTheColumnNames(t *testing.T) {
	data := "latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n" +
		"42.36,-71.01,5.0,-18000,America/New_York,EST\n\n" +
		"time,temperature_2m_max (°F),temperature_2m_min (°F),precipitation_sum (inch),snowfall_sum (inch)\n" +
		"2015-02-09,50,32,1.00,2.0\n" +
		"2015-02-10,,,,\n"
	p := mustParse(t, data, ParseOptions{Zone: brussels(t)})
	if p.Format != OpenMeteoDaily {
		t.Fatalf("format %s", p.Format)
	}
	d := dayOf(t, p, "2015-02-09")
	near(t, "max", d.TempMaxC, (50-32)*5.0/9)
	near(t, "min", d.TempMinC, 0)
	near(t, "mean from min and max", d.TempMeanC, ((50-32)*5.0/9)/2)
	near(t, "precipitation", d.PrecipMM, 25.4)
	near(t, "snowfall", d.SnowCM, 2*2.54)
	empty(t, "an empty cell", dayOf(t, p, "2015-02-10").TempMaxC)
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "America/New_York") {
		t.Errorf("notes %v, want one saying the days are New York's", p.Notes)
	}
}

func TestBadFilesAreRefusedAsInvalid(t *testing.T) {
	for name, data := range map[string]string{
		"an empty file":            "",
		"an unknown header":        "when,how warm\n2025-01-01,3\n",
		"no known column":          "time,cloud_cover (%)\n2025-01-01T00:00,3\n",
		"an unknown unit":          "time,temperature_2m (K)\n2025-01-01T00:00,273\n",
		"two stations":             "STATION,DATE,TMAX,TMIN\nA,2015-01-01,10,0\nB,2015-01-02,10,0\n",
		"several locations":        "latitude,longitude,timezone\n1,2,GMT\n3,4,GMT\ntime,temperature_2m\n",
		"an unknown time zone":     "latitude,longitude,timezone\n1,2,Mars/Olympus\ntime,temperature_2m\n2025-01-01T00:00,1\n",
		"only unreadable days":     "STATION,DATE,TMAX,TMIN\nA,yesterday,10,0\n",
		"a GHCN file without data": "STATION,DATE,NAME\nA,2015-01-01,x\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(data), ParseOptions{})
			if err == nil || errs.KindOf(err) != errs.Invalid {
				t.Fatalf("err = %v, want an invalid-input error", err)
			}
		})
	}
}

// ghcnWeek writes seven days of one station in the notation given.
func ghcnWeek(header string, row func(i int) string) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := range 7 {
		fmt.Fprintf(&b, "\"USW00014739\",\"2015-02-%02d\",%s\n", i+1, row(i))
	}
	return b.String()
}

func TestGHCNUnitsAreReadFromTheData(t *testing.T) {
	cases := []struct {
		name  string
		data  string
		units Units
	}{
		{"raw tenths", ghcnWeek("STATION,DATE,PRCP,SNOW,SNWD,TMAX,TMIN",
			func(i int) string { return "97,269,300,-32,-166" }), Raw},
		{"metric", ghcnWeek(`"STATION","DATE","PRCP","SNOW","SNWD","TMAX","TMIN"`,
			func(i int) string { return `"9.7","269","300","-3.2","-16.6"` }), Metric},
		{"standard", ghcnWeek(`"STATION","DATE","PRCP","SNOW","SNWD","TMAX","TMIN"`,
			func(i int) string { return `"0.38","10.6","11.8","26","2"` }), Standard},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mustParse(t, c.data, ParseOptions{})
			if !strings.HasPrefix(p.Units, c.units.describe()[:8]) || p.Source != "ghcn-daily:USW00014739" {
				t.Fatalf("units %q, source %q; want %s", p.Units, p.Source, c.units)
			}
			d := dayOf(t, p, "2015-02-03")
			switch c.units {
			case Standard:
				near(t, "precipitation", d.PrecipMM, 0.38*25.4)
				near(t, "snowfall", d.SnowCM, 10.6*2.54)
				near(t, "depth", d.SnowDepthCM, 11.8*2.54)
				near(t, "max", d.TempMaxC, (26-32)/1.8)
				near(t, "min", d.TempMinC, (2-32)/1.8)
			default:
				near(t, "precipitation", d.PrecipMM, 9.7)
				near(t, "snowfall", d.SnowCM, 26.9)
				near(t, "depth", d.SnowDepthCM, 30)
				near(t, "max", d.TempMaxC, -3.2)
				near(t, "min", d.TempMinC, -16.6)
				near(t, "mean", d.TempMeanC, (-3.2-16.6)/2)
			}
		})
	}
}

func TestGHCNUnitsThatTheTemperaturesContradictAreRefused(t *testing.T) {
	// Whole °F without precipitation: no decimals, so "raw", but a daily
	// range of 1.6 °C in tenths is no weather.
	data := ghcnWeek("STATION,DATE,TMAX,TMIN", func(i int) string { return fmt.Sprintf("%d,%d", 40+i, 24+i) })
	_, err := Parse(strings.NewReader(data), ParseOptions{})
	if errs.KindOf(err) != errs.Invalid || !strings.Contains(errs.MessageOf(err), "units") {
		t.Fatalf("err = %v, want a request to say the units", err)
	}
	p := mustParse(t, data, ParseOptions{Units: Standard})
	near(t, "max when told °F", dayOf(t, p, "2015-02-01").TempMaxC, (40-32)/1.8)
	if _, err := Parse(strings.NewReader(data), ParseOptions{Units: "kelvin"}); errs.KindOf(err) != errs.Invalid {
		t.Errorf("unknown units: %v", err)
	}
}

func TestGHCNFlaggedAndImpossibleValuesAreReportedAndLeftEmpty(t *testing.T) {
	data := "STATION,DATE,PRCP,PRCP_ATTRIBUTES,TMAX,TMIN\n" +
		"S,2015-01-01,12,\",,W,2400\",50,-10\n" + // line 2: fine
		"S,2015-01-02,55,\",X,W,2400\",50,-10\n" + // line 3: failed NOAA's check
		"S,2015-01-03,-9999,,50,80\n" + //             line 4: missing; min above max
		"S,2015-01-04,12,,999,-10\n" + //              line 5: 99.9 °C
		"S,2015-01-05,abc,,50,-10\n" //                line 6: no number
	p := mustParse(t, data, ParseOptions{Units: Raw})
	near(t, "a value that passed", dayOf(t, p, "2015-01-01").PrecipMM, 1.2)
	empty(t, "a flagged value", dayOf(t, p, "2015-01-02").PrecipMM)
	empty(t, "a missing value", dayOf(t, p, "2015-01-03").PrecipMM)
	empty(t, "a minimum above the maximum", dayOf(t, p, "2015-01-03").TempMinC)
	empty(t, "a maximum with it", dayOf(t, p, "2015-01-03").TempMaxC)
	empty(t, "99.9 °C", dayOf(t, p, "2015-01-04").TempMaxC)
	near(t, "the minimum beside it", dayOf(t, p, "2015-01-04").TempMinC, -1)
	want := map[int]ProblemKind{3: Flagged, 4: Impossible, 5: Impossible, 6: Unreadable}
	if len(p.Problems) != len(want) {
		t.Errorf("problems %v, want %v", p.Problems, want)
	}
	for _, pr := range p.Problems {
		if want[pr.Line] != pr.Kind {
			t.Errorf("%v, want kind %q on that line", pr, want[pr.Line])
		}
	}
}

func TestNoSnowOnTheGroundIsImpossibleWhileSnowCannotHaveMelted(t *testing.T) {
	data := "STATION,DATE,SNOW,SNWD,TMAX,TMIN\n" +
		"S,2015-01-01,200,0,-20,-80\n" + //  20 cm fall; depth may be read before it
		"S,2015-01-02,0,0,-30,-90\n" + //    18 cm left: impossible
		"S,2015-01-03,0,50,-30,-90\n" + //   a real depth replaces the estimate
		"S,2015-01-04,0,0,20,-10\n" + //     5 × 0.9 − 5 × 2 °C < 0: melted, fine
		"S,2015-01-05,300,0,-10,-50\n" + //  30 cm fall
		"S,2015-01-07,0,0,-10,-50\n" //      after a gap: nothing asked
	p := mustParse(t, data, ParseOptions{Units: Raw})
	imp := problemsOf(p.Problems, Impossible)
	if _, ok := imp[3]; !ok || len(imp) != 1 {
		t.Errorf("impossible %v, want only line 3", imp)
	}
	empty(t, "depth under 18 cm of fresh snow", dayOf(t, p, "2015-01-02").SnowDepthCM)
	near(t, "depth after the thaw", dayOf(t, p, "2015-01-04").SnowDepthCM, 0)
	near(t, "depth on the day of the fall", dayOf(t, p, "2015-01-01").SnowDepthCM, 0)
}
