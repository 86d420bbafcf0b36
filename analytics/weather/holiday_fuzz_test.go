package weather

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseHolidays feeds the holiday reader anything: it must never
// panic, and what it accepts are named public or school days in the years
// the models know, one per day and kind, in text the database takes.
func FuzzParseHolidays(f *testing.F) {
	for _, name := range []string{"../../testdata/kortrijk/belgian-holidays.csv", "../../testdata/kortrijk/school-vacations.csv"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	for _, s := range []string{
		"date,name,kind\n2026-12-25,Kerstmis,public\n2026-12-25,Kerstvakantie,School\n2026-12-25,Kerst,public\n",
		"day,holiday_name,is_holiday\n20261111,Wapenstilstand,yes\n2026-11-12,,no\n2026-11-13,X,maybe\n1799-01-01,Old,1\n",
		"date,vacation_name,is_school_vacation\n2026-07-01,Zomer\xff,true\n2026-07-02,Zomer\x00,true\n\"2026-07-03,\"\"\",true\n",
		"name,kind\nA,public\n", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		rows, skipped, bad, err := parseHolidays(strings.NewReader(data))
		if err != nil {
			return
		}
		if skipped < 0 {
			t.Fatalf("skipped %d rows", skipped)
		}
		seen := map[Holiday]bool{}
		for _, r := range rows {
			key := Holiday{Day: r.Day, Kind: r.Kind}
			switch {
			case r.line < 2 || r.Day.Year() < firstYear || r.Day.Year() > lastYear || seen[key]:
				t.Fatalf("accepted %+v", r)
			case r.Kind != Public && r.Kind != School:
				t.Fatalf("accepted kind %q", r.Kind)
			case r.Name == "" || !utf8.ValidString(r.Name) || strings.ContainsRune(r.Name, 0):
				t.Fatalf("accepted name %q", r.Name)
			}
			seen[key] = true
		}
		for _, p := range bad {
			if p.Line < 1 || p.Reason == "" || p.Kind == "" {
				t.Fatalf("problem without a line, kind or reason: %+v", p)
			}
		}
	})
}
