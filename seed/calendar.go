package seed

import (
	"time"
	_ "time/tzdata" // office hours are Brussels time, also on machines without a zoneinfo database
)

// day is one calendar day of the history, with its weather.
type day struct {
	midnight int64 // Unix seconds of local midnight
	unixDay  int   // days since 1970-01-01 (the date itself)
	month    int
	mday     int
	weekday  time.Weekday
	holiday  bool
	year     int

	tmin, tmax, tmean, precip, snow float64
}

func (d *day) closed() bool {
	return d.holiday || d.weekday == time.Saturday || d.weekday == time.Sunday
}
func (d *day) frost() bool { return d.tmin < 0 }
func (d *day) heavy() bool { return d.precip >= 10 }

// calendar spans the history, plus one day before it (for "rain yesterday").
func calendar(loc *time.Location, first time.Time, n int) []day {
	days := make([]day, n)
	for i := range days {
		t := time.Date(first.Year(), first.Month(), first.Day()+i, 0, 0, 0, 0, loc)
		y, m, dd := t.Date()
		utc := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		days[i] = day{midnight: t.Unix(), unixDay: int(utc.Unix() / 86400), month: int(m), mday: dd,
			weekday: t.Weekday(), year: y, holiday: isHoliday(y, m, dd)}
	}
	return days
}

// isHoliday knows the ten Belgian public holidays.
func isHoliday(y int, m time.Month, d int) bool {
	switch {
	case m == 1 && d == 1, m == 5 && d == 1, m == 7 && d == 21, m == 8 && d == 15,
		m == 11 && d == 1, m == 11 && d == 11, m == 12 && d == 25:
		return true
	}
	easter := easterSunday(y)
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, off := range []int{1, 39, 50} { // Easter Monday, Ascension, Whit Monday
		if date.Equal(easter.AddDate(0, 0, off)) {
			return true
		}
	}
	return false
}

// easterSunday uses the anonymous Gregorian algorithm.
func easterSunday(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), dd, 0, 0, 0, 0, time.UTC)
}
