package weather

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/errs"
)

// Holiday is one day off of a holiday file.
type Holiday struct {
	Day  time.Time
	Kind HolidayKind
	Name string
}

// holidayRow is a Holiday and its line.
type holidayRow struct {
	line int
	Holiday
}

// holidayLayout is where a header puts the columns; -1 is absent.
type holidayLayout struct {
	date, name, kind, flag int
	fixed                  HolidayKind // the kind of every row, when no kind column says
}

// holidayColumns reads a header: date (or day), a name column, and the
// kind from a kind column or from the file's own flag column
// (is_holiday: public, is_school_vacation: school).
func holidayColumns(h record) (holidayLayout, error) {
	l := holidayLayout{date: -1, name: -1, kind: -1, flag: -1}
	for i, f := range h.fields {
		switch strings.ToLower(f) {
		case "date", "day":
			l.date = i
		case "name", "holiday_name", "vacation_name":
			l.name = i
		case "kind":
			l.kind = i
		case "is_holiday":
			l.flag, l.fixed = i, Public
		case "is_school_vacation":
			l.flag, l.fixed = i, School
		}
	}
	if l.date < 0 || l.name < 0 || (l.kind < 0 && l.fixed == "") {
		return l, errs.E(errs.Invalid, "line %d: a holiday file needs the columns date, name and kind (public or school), "+
			"or date,holiday_name,is_holiday or date,vacation_name,is_school_vacation", h.line)
	}
	return l, nil
}

// parseHolidays reads a holiday CSV. Rows whose flag says false are no
// holiday and are skipped; bad rows are reported.
func parseHolidays(r io.Reader) (rows []holidayRow, skipped int, bad []Problem, err error) {
	recs, bad, err := readRecords(r)
	if err != nil {
		return nil, 0, nil, err
	}
	if len(recs) == 0 {
		return nil, 0, nil, errs.E(errs.Invalid, "the holiday file is empty")
	}
	l, err := holidayColumns(recs[0])
	if err != nil {
		return nil, 0, nil, err
	}
	ps := problems(bad)
	first := map[Holiday]int{} // day and kind → line
	for _, r := range recs[1:] {
		h, ok, isHoliday := holidayOf(r, l, &ps)
		if !ok {
			continue
		}
		if !isHoliday {
			skipped++
			continue
		}
		key := Holiday{Day: h.Day, Kind: h.Kind}
		if line, dup := first[key]; dup {
			ps.add(r.line, h.Day, Duplicate, "a %s holiday on this day is also on line %d, which counts", h.Kind, line)
			continue
		}
		first[key] = r.line
		rows = append(rows, holidayRow{r.line, h})
	}
	sortProblems(ps)
	return rows, skipped, ps, nil
}

// holidayOf reads one row; ok is false when it is reported as bad.
func holidayOf(r record, l holidayLayout, ps *problems) (h Holiday, ok, isHoliday bool) {
	field := func(i int) string {
		if i < 0 || i >= len(r.fields) {
			return ""
		}
		return r.fields[i]
	}
	day, ok := parseDay(field(l.date))
	if !ok {
		ps.add(r.line, time.Time{}, Unreadable, "%q is not a day (2006-01-02)", clip(field(l.date)))
		return h, false, false
	}
	h = Holiday{Day: day, Kind: l.fixed, Name: field(l.name)}
	if l.kind >= 0 {
		h.Kind = HolidayKind(strings.ToLower(field(l.kind)))
	}
	if h.Kind != Public && h.Kind != School {
		ps.add(r.line, day, Unreadable, "kind %q: say public or school", clip(field(l.kind)))
		return h, false, false
	}
	isHoliday = true
	if l.flag >= 0 {
		switch strings.ToLower(field(l.flag)) {
		case "true", "1", "yes", "y":
		case "false", "0", "no", "n":
			isHoliday = false
		default:
			ps.add(r.line, day, Unreadable, "%q is neither true nor false", clip(field(l.flag)))
			return h, false, false
		}
	}
	if isHoliday && h.Name == "" {
		ps.add(r.line, day, Unreadable, "the holiday has no name")
		return h, false, false
	}
	if !utf8.ValidString(h.Name) || strings.ContainsRune(h.Name, 0) {
		ps.add(r.line, day, Unreadable, "the name is not UTF-8 text (or holds a NUL): save the file as UTF-8")
		return h, false, false
	}
	return h, true, isHoliday
}
