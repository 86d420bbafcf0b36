package export_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"loket/analytics/export"
)

func TestDaysFindTheLocalDateOfEveryInstantAsTimeInDoes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct {
		zone        string
		first, last time.Time
	}{
		{"Europe/Brussels", day(2023, 1, 1), day(2025, 12, 31)},
		{"America/New_York", day(2025, 3, 1), day(2025, 11, 30)},
		{"America/St_Johns", day(2024, 1, 1), day(2024, 12, 31)},    // half-hour offsets
		{"Australia/Lord_Howe", day(2024, 1, 1), day(2024, 12, 31)}, // half-hour shifts
		{"America/Santiago", day(2022, 1, 1), day(2023, 12, 31)},    // the clocks jump over midnight
		{"Pacific/Apia", day(2011, 12, 1), day(2012, 1, 31)},        // 30 December 2011 never was
		{"UTC", day(2024, 2, 28), day(2024, 3, 1)},
	} {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		d := export.NewDays(loc, c.first, c.last)
		if want := int(c.last.Sub(c.first).Hours()/24) + 1; d.Len() != want {
			t.Errorf("%s: %d days, want %d", c.zone, d.Len(), want)
		}
		from, to := d.From(), d.To()
		if index(d, from.Add(-time.Microsecond)) != -1 || index(d, to) != -1 || index(d, from) != 0 || index(d, to.Add(-time.Microsecond)) != d.Len()-1 {
			t.Errorf("%s: the days do not run from %s to %s", c.zone, from, to)
		}
		for range 20000 {
			at := from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)))))
			y, m, dd := at.In(loc).Date()
			want := int(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Sub(c.first).Hours() / 24)
			if got := index(d, at); got != want {
				t.Fatalf("%s: %s (%s there) is day %d, want %d", c.zone, at, at.In(loc), got, want)
			}
		}
	}
}

func TestNoDaysHoldNoInstant(t *testing.T) {
	d := export.NewDays(time.UTC, day(2025, 1, 2), day(2025, 1, 1))
	if d.Len() != 0 || index(d, d.From()) != -1 || !d.From().Equal(d.To()) {
		t.Errorf("a last day before the first gives %d days from %s to %s", d.Len(), d.From(), d.To())
	}
}

func index(d export.Days, t time.Time) int { return d.Index(arrow.Timestamp(t.UnixMicro())) }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
