package weather

import (
	"context"
	"strings"
	"testing"

	"loket/internal/errs"
	"loket/internal/testdb"
)

// flaggedDays reads a holiday file by hand: the days whose flag is True.
func flaggedDays(data string) map[string]string {
	out := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(data), "\n")[1:] {
		f := strings.Split(strings.TrimSpace(l), ",")
		if f[2] == "True" {
			out[f[0]] = f[1]
		}
	}
	return out
}

func TestHolidaysOfTheCountryAndOfOneMunicipality(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	addMunicipality(t, pool, 1, "34022", "Kortrijk", "Europe/Brussels", "BE")
	addMunicipality(t, pool, 2, "57081", "Tournai", "Europe/Brussels", "BE")
	addMunicipality(t, pool, 3, "99025", "Boston", "America/New_York", "US")
	public := testdataFile(t, "kortrijk/belgian-holidays.csv")
	school := testdataFile(t, "kortrijk/school-vacations.csv")

	for name, data := range map[string]string{"public": public, "school": school} {
		rep, err := ImportHolidays(ctx, pool, strings.NewReader(data), HolidayOptions{Country: "be"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if rep.Country != "BE" || rep.MunicipalityID != 0 || rep.Inserted != len(flaggedDays(data)) || len(rep.Problems) != 0 {
			t.Errorf("%s: %+v", name, rep)
		}
	}
	own := "date,kind,name\n2026-01-06,school,Extra vrije dag\n2025-12-25,public,Kerstmis\n2025-12-26,holiday,?\n"
	rep, err := ImportHolidays(ctx, pool, strings.NewReader(own), HolidayOptions{Municipality: "34022"})
	if err != nil || rep.MunicipalityID != 1 || rep.Inserted != 2 {
		t.Fatalf("Kortrijk's own days: %+v, %v", rep, err)
	}
	if _, ok := problemsOf(rep.Problems, Unreadable)[4]; !ok {
		t.Errorf("an unknown kind on line 4 not reported: %v", rep.Problems)
	}

	from, to := day("2025-12-01"), day("2026-01-31")
	kortrijk, err := Holidays(ctx, pool, 1, from, to)
	if err != nil {
		t.Fatal(err)
	}
	tournai, err := Holidays(ctx, pool, 2, from, to)
	if err != nil {
		t.Fatal(err)
	}
	wantPublic, wantSchool := 0, 0
	for d, name := range flaggedDays(public) {
		if !day(d).Before(from) && !day(d).After(to) {
			wantPublic++
			if !tournai.IsPublic(day(d)) || tournai.Name(day(d), Public) != name {
				t.Errorf("%s (%s) is not a public holiday", d, name)
			}
		}
	}
	for d := range flaggedDays(school) {
		if !day(d).Before(from) && !day(d).After(to) {
			wantSchool++
		}
	}
	if tournai.Len(Public) != wantPublic || tournai.Len(School) != wantSchool {
		t.Errorf("Tournai: %d public and %d school days, want %d and %d",
			tournai.Len(Public), tournai.Len(School), wantPublic, wantSchool)
	}
	if !kortrijk.IsSchool(day("2026-01-06")) || tournai.IsSchool(day("2026-01-06")) || kortrijk.Len(School) != wantSchool+1 {
		t.Errorf("Kortrijk's own school day: Kortrijk %v, Tournai %v", kortrijk.IsSchool(day("2026-01-06")), tournai.IsSchool(day("2026-01-06")))
	}
	if kortrijk.Name(day("2025-12-25"), Public) != "Kerstmis" || kortrijk.Len(Public) != wantPublic {
		t.Errorf("Kortrijk's Christmas is %q", kortrijk.Name(day("2025-12-25"), Public))
	}
	if kortrijk.IsPublic(day("2025-12-24")) || !kortrijk.IsSchool(day("2025-12-24")) {
		t.Error("24 December should be a school holiday only")
	}
	if boston, err := Holidays(ctx, pool, 3, from, to); err != nil || boston.Len(Public)+boston.Len(School) != 0 {
		t.Errorf("Boston got Belgian holidays: %+v, %v", boston, err)
	}

	again, err := ImportHolidays(ctx, pool, strings.NewReader(public), HolidayOptions{Country: "BE"})
	if err != nil || again.Inserted != 0 || again.Updated != 0 || again.Unchanged != len(flaggedDays(public)) {
		t.Errorf("second import: %+v, %v", again, err)
	}
	if _, err := Holidays(ctx, pool, 99, from, to); errs.KindOf(err) != errs.NotFound {
		t.Errorf("an unknown municipality: %v", err)
	}
}

func TestHolidayFilesThatSayNothingAreRefused(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	addMunicipality(t, pool, 1, "34022", "Kortrijk", "Europe/Brussels", "BE")
	addMunicipality(t, pool, 2, "99025", "Boston", "America/New_York", "US")
	for name, c := range map[string]struct {
		data string
		opt  HolidayOptions
	}{
		"no kind":                {"date,name\n2025-01-01,New Year\n", HolidayOptions{Country: "BE"}},
		"only days off not":      {"date,holiday_name,is_holiday\n2025-01-02,Nothing,False\n", HolidayOptions{Country: "BE"}},
		"a country of 3 letters": {"date,kind,name\n2025-01-01,public,New Year\n", HolidayOptions{Country: "BEL"}},
		"no country, two cities": {"date,kind,name\n2025-01-01,public,New Year\n", HolidayOptions{}},
		"a city of another land": {"date,kind,name\n2025-01-01,public,New Year\n", HolidayOptions{Municipality: "99025", Country: "BE"}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ImportHolidays(ctx, pool, strings.NewReader(c.data), c.opt); errs.KindOf(err) != errs.Invalid {
				t.Fatalf("err = %v, want an invalid-input error", err)
			}
		})
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM holiday`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d holidays stored (%v)", n, err)
	}
}
