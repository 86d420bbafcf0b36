package weather

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
	"loket/internal/testdb"
)

// rawLine finds the line of a day in a CSV file whose second column is
// the date: its number and its fields.
func rawLine(t *testing.T, data, date string) (int, []string) {
	t.Helper()
	for i, l := range strings.Split(data, "\n") {
		f := strings.Split(strings.TrimRight(l, "\r"), ",")
		if len(f) > 1 && f[1] == date {
			return i + 1, f
		}
	}
	t.Fatalf("no line for %s", date)
	return 0, nil
}

func tenths(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return float64(v) / 10
}

func storedDay(t *testing.T, pool *pgxpool.Pool, municipality int, d string) Day {
	t.Helper()
	days, err := Daily(context.Background(), pool, municipality, day(d), day(d))
	if err != nil || len(days) != 1 {
		t.Fatalf("read %s: %d days, %v", d, len(days), err)
	}
	return days[0]
}

func TestLoganGHCNFileIsStoredInDegreesAndMillimetres(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	addMunicipality(t, pool, 1, "34022", "Kortrijk", "Europe/Brussels", "BE")
	addMunicipality(t, pool, 2, "99025", "Boston", "America/New_York", "US")
	data := testdataFile(t, "boston/weather-logan-2014-2016.csv")

	rep, err := Import(ctx, pool, strings.NewReader(data), Options{Municipality: "99025"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != GHCNDaily || rep.MunicipalityID != 2 || rep.Days != 3*365+1 || rep.Inserted != rep.Days {
		t.Fatalf("report %+v", rep)
	}
	t.Run("known days match the file's tenths", func(t *testing.T) {
		for _, d := range []string{"2014-01-02", "2015-01-27", "2015-02-15", "2016-07-22"} {
			_, f := rawLine(t, data, d) // STATION,DATE,PRCP,SNOW,SNWD,TMAX,TMIN
			got := storedDay(t, pool, 2, d)
			near(t, d+" precipitation", got.PrecipMM, tenths(t, f[2]))
			near(t, d+" snowfall", got.SnowCM, tenths(t, f[3]))
			near(t, d+" max", got.TempMaxC, tenths(t, f[5]))
			near(t, d+" min", got.TempMinC, tenths(t, f[6]))
			near(t, d+" mean", got.TempMeanC, (tenths(t, f[5])+tenths(t, f[6]))/2)
			if got.Source != "ghcn-daily:USW00014739" {
				t.Errorf("%s source %q", d, got.Source)
			}
		}
	})
	t.Run("the zero snow depth of February 2015 is reported and left empty", func(t *testing.T) {
		bad := problemsOf(rep.Problems, Impossible)
		feb, err := Daily(ctx, pool, 2, day("2015-02-01"), day("2015-02-28"))
		if err != nil || len(feb) != 28 {
			t.Fatalf("February 2015: %d days, %v", len(feb), err)
		}
		for _, d := range feb {
			date := d.Day.Format("2006-01-02")
			empty(t, date+" depth", d.SnowDepthCM)
			line, _ := rawLine(t, data, date)
			if p, ok := bad[line]; !ok || !strings.Contains(p.Reason, "snow depth") {
				t.Errorf("line %d (%s) not reported: %v", line, date, p)
			}
		}
		near(t, "depth on a summer day", storedDay(t, pool, 2, "2015-07-01").SnowDepthCM, 0)
		var empties int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM weather_daily WHERE municipality_id = 2 AND snow_depth_cm IS NULL`).
			Scan(&empties); err != nil || empties != len(bad) {
			t.Errorf("%d empty depths, %d reported (%v)", empties, len(bad), err)
		}
	})
	t.Run("importing again changes nothing", func(t *testing.T) {
		again, err := Import(ctx, pool, strings.NewReader(data), Options{Municipality: "99025"})
		if err != nil {
			t.Fatal(err)
		}
		if again.Inserted != 0 || again.Updated != 0 || again.Unchanged != rep.Days {
			t.Errorf("second import: %d inserted, %d updated, %d unchanged", again.Inserted, again.Updated, again.Unchanged)
		}
		line, f := rawLine(t, data, "2016-07-22")
		f[5] = "330"
		lines := strings.Split(data, "\n")
		lines[line-1] = strings.Join(f, ",") + "\r"
		changed, err := Import(ctx, pool, strings.NewReader(strings.Join(lines, "\n")), Options{Municipality: "99025"})
		if err != nil || changed.Updated != 1 || changed.Unchanged != rep.Days-1 {
			t.Fatalf("changed file: %+v, %v", changed, err)
		}
		near(t, "the changed maximum", storedDay(t, pool, 2, "2016-07-22").TempMaxC, 33)
	})
	if days, _ := Daily(ctx, pool, 1, day("2014-01-01"), day("2016-12-31")); len(days) != 0 {
		t.Errorf("Kortrijk got %d of Boston's days", len(days))
	}
}

func TestKortrijkHourlyFileBecomesItsDailyWeather(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	addMunicipality(t, pool, 1, "34022", "Kortrijk", "Europe/Brussels", "BE")
	data := testdataFile(t, "kortrijk/weather-hourly-2025-11-to-2026-01.csv")

	rep, err := Import(ctx, pool, strings.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != OpenMeteoHourly || rep.Days != 79 || len(rep.Problems) != 0 {
		t.Fatalf("report: %s, %d days, problems %v", rep.Format, rep.Days, rep.Problems)
	}
	for _, d := range []string{"2025-11-10", "2025-12-01", "2026-01-06", "2026-01-27"} {
		// date,temperature_c,precipitation_mm,rain_mm,snowfall_cm,…
		var temps []float64
		var precip, snow float64
		for _, l := range strings.Split(data, "\n") {
			if f := strings.Split(l, ","); strings.HasPrefix(l, d+" ") {
				tc, _ := strconv.ParseFloat(f[1], 64)
				p, _ := strconv.ParseFloat(f[2], 64)
				s, _ := strconv.ParseFloat(f[4], 64)
				temps, precip, snow = append(temps, tc), precip+p, snow+s
			}
		}
		if len(temps) != 24 {
			t.Fatalf("%s has %d hours in the file", d, len(temps))
		}
		lo, hi, sum := temps[0], temps[0], 0.0
		for _, v := range temps {
			lo, hi, sum = min(lo, v), max(hi, v), sum+v
		}
		got := storedDay(t, pool, 1, d)
		near(t, d+" min", got.TempMinC, lo)
		near(t, d+" max", got.TempMaxC, hi)
		near(t, d+" mean", got.TempMeanC, sum/24)
		near(t, d+" precipitation", got.PrecipMM, precip)
		near(t, d+" snowfall", got.SnowCM, snow)
		empty(t, d+" snow depth", got.SnowDepthCM)
	}
	again, err := Import(ctx, pool, strings.NewReader(data), Options{})
	if err != nil || again.Unchanged != 79 {
		t.Errorf("second import: %+v, %v", again, err)
	}
}

func TestGapsAreReportedAndGetNoRow(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	addMunicipality(t, pool, 1, "34022", "Kortrijk", "Europe/Brussels", "BE")
	data := "time,temperature_2m_max,temperature_2m_min,precipitation_sum\n" +
		"2025-12-01,5,1,0\n2025-12-02,6,2,3.5\n2025-12-06,4,-1,0\n2025-12-08,3,-2,0\n"
	rep, err := Import(ctx, pool, strings.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	gaps := problemsOf(rep.Problems, Gap)
	if g, ok := gaps[4]; !ok || !strings.Contains(g.Reason, "3 days") || !g.Day.Equal(day("2025-12-03")) {
		t.Errorf("gap before line 4: %v", gaps)
	}
	if g, ok := gaps[5]; !ok || !g.Day.Equal(day("2025-12-07")) {
		t.Errorf("gap before line 5: %v", gaps)
	}
	days, err := Daily(ctx, pool, 1, day("2025-12-01"), day("2025-12-31"))
	if err != nil || len(days) != 4 {
		t.Fatalf("%d days stored (%v), want the 4 of the file", len(days), err)
	}
	near(t, "precipitation of the 2nd", days[1].PrecipMM, 3.5)
	near(t, "mean of the 6th", days[2].TempMeanC, 1.5)
}

func TestABadFileChangesNothing(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	addMunicipality(t, pool, 1, "34022", "Kortrijk", "Europe/Brussels", "BE")
	cases := map[string]struct {
		data string
		opt  Options
		kind errs.Kind
	}{
		"a file of neither format": {"a,b\n1,2\n", Options{}, errs.Invalid},
		"an unknown municipality":  {"time,temperature_2m_max\n2025-01-01,3\n", Options{Municipality: "11111"}, errs.NotFound},
		"a malformed NIS code":     {"time,temperature_2m_max\n2025-01-01,3\n", Options{Municipality: "Kortrijk"}, errs.Invalid},
		"an unknown time zone":     {"time,temperature_2m_max\n2025-01-01,3\n", Options{TimeZone: "Europe/Kortrijk"}, errs.Invalid},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Import(ctx, pool, strings.NewReader(c.data), c.opt)
			if errs.KindOf(err) != c.kind {
				t.Fatalf("err = %v, want kind %d", err, c.kind)
			}
		})
	}
	var n int
	var zone string
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM weather_daily), time_zone FROM municipality`).Scan(&n, &zone); err != nil {
		t.Fatal(err)
	}
	if n != 0 || zone != "Europe/Brussels" {
		t.Errorf("after bad imports: %d rows, time zone %s", n, zone)
	}
	if _, err := Daily(ctx, pool, 1, day("2025-02-01"), day("2025-01-01")); errs.KindOf(err) != errs.Invalid {
		t.Errorf("a range ending before it starts: %v", err)
	}
}

func TestATimeZoneGivenIsStoredAndUsed(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	addMunicipality(t, pool, 1, "99025", "Boston", "Europe/Brussels", "US")
	var b strings.Builder
	b.WriteString("time,temperature_2m (°C)\n")
	for h := range 24 {
		b.WriteString("2015-02-09T" + strconv.Itoa(100 + h)[1:] + ":00-05:00," + strconv.Itoa(h) + "\n")
	}
	rep, err := Import(ctx, pool, strings.NewReader(b.String()), Options{TimeZone: "America/New_York"})
	if err != nil || len(rep.Problems) != 0 || rep.Days != 1 {
		t.Fatalf("import: %+v, %v", rep, err)
	}
	var zone string
	if err := pool.QueryRow(ctx, `SELECT time_zone FROM municipality`).Scan(&zone); err != nil || zone != "America/New_York" {
		t.Fatalf("time zone %q, %v", zone, err)
	}
	got := storedDay(t, pool, 1, "2015-02-09")
	near(t, "min of a New York day", got.TempMinC, 0)
	near(t, "max of a New York day", got.TempMaxC, 23)
}
