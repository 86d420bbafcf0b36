package weather

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseWeather feeds the parsers anything: they must never panic, and
// what they accept must be days the database takes, in order, one each.
func FuzzParseWeather(f *testing.F) {
	for _, seed := range []string{
		"STATION,DATE,PRCP,SNOW,SNWD,TMAX,TMIN\nUSW00014739,2014-01-01,0,0,0,-16,-71\nUSW00014739,2014-01-02,97,269,0,-32,-166\n",
		"\"STATION\",\"NAME\",\"DATE\",\"PRCP\",\"PRCP_ATTRIBUTES\",\"TMAX\",\"TMIN\"\n\"S\",\"BOSTON\",\"20150209\",\"0.38\",\",X,W\",\"26\",\"2\"\n",
		"date,temperature_c,precipitation_mm,rain_mm,snowfall_cm,cloud_cover_pct\n2025-11-10 00:00:00,9.2,0.0,0.0,0.0,100\n",
		"latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n50.8,3.2,20,0,GMT,GMT\n\ntime,temperature_2m (°C),precipitation (mm)\n2025-10-26T02:00,1,0\n2025-10-26T02:00,2,0\n",
		"time,temperature_2m_max (°F),temperature_2m_min (°F),precipitation_sum (inch),snowfall_sum (cm)\n2015-02-09,50,32,1.00,2\n2015-02-12,-900,32,nan,\n",
		"time,temperature_2m (°C)\n2025-11-10T00:00+01:00,1e308\n\"2025-11-10T01:00,2\n",
		"\ufeffdate,temp_max,temp_min\n1799-01-01,1,2\n2201-01-01,1,0\n",
	} {
		f.Add(seed, "")
	}
	f.Add("STATION,DATE,TMAX,TMIN\nA,2015-01-01,40,24\n", "standard")
	f.Fuzz(func(t *testing.T, data, units string) {
		p, err := Parse(strings.NewReader(data), ParseOptions{Zone: time.UTC, Units: Units(units)})
		if err != nil {
			return
		}
		for i, r := range p.rows {
			if i > 0 && !p.rows[i-1].Day.Day.Before(r.Day.Day) {
				t.Fatalf("days out of order or twice: %v then %v", p.rows[i-1].Day.Day, r.Day.Day)
			}
			if r.line < 1 || r.Day.Day.Year() < firstYear || r.Day.Day.Year() > lastYear || r.Day.Source == "" {
				t.Fatalf("accepted a bad day: %+v", r)
			}
			vals := [quantities]*float64{qTempMin: r.TempMinC, qTempMax: r.TempMaxC, qTempMean: r.TempMeanC,
				qPrecip: r.PrecipMM, qSnow: r.SnowCM, qSnowDepth: r.SnowDepthCM}
			for q, v := range vals {
				if v != nil && (*v < limits[q].min || *v > limits[q].max || *v != *v) {
					t.Fatalf("accepted %s %v", limits[q].name, *v)
				}
			}
			if r.TempMinC != nil && r.TempMaxC != nil && *r.TempMinC > *r.TempMaxC {
				t.Fatalf("accepted a minimum above the maximum: %+v", r)
			}
		}
		for _, pr := range p.Problems {
			if pr.Line < 1 || pr.Reason == "" || pr.Kind == "" {
				t.Fatalf("problem without a line, kind or reason: %+v", pr)
			}
		}
	})
}
