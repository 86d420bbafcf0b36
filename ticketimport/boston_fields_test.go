package ticketimport

import (
	"testing"
	"time"
)

func TestClosureNotesSayWhetherAndOfWhichCaseTheCaseIsADuplicate(t *testing.T) {
	cases := []struct {
		note, self string
		dup        bool
		original   string
	}{
		{"Case Closed Case Resolved Rebuilt luminaires", "101001240736", false, ""},
		{"Case Closed Duplicate of Existing Case", "101001240735", true, ""},
		{"Case Closed Duplicate of Existing Case 1504895", "101001600000", true, "101001504895"},
		{"Case Closed Duplicate of Existing Case %1504895", "101001600000", true, "101001504895"},
		{"Case Closed Case Noted duplicate of existing case 101001371606 still open", "101001400000", true, "101001371606"},
		{"Duplicated Case. see 1371606 and 1371607", "101001371606", true, "101001371607"}, // not itself
		{"Case Closed. Closed date : 2015-06-30 15:12:01.213 Duplicate", "101001400000", true, ""},
		{"Please refer to case 162518 duplicate", "101001400000", true, "162518"},
		{"duplicate CRM", "101001400000", true, ""},
		{"Case Closed Case Invalid 1234567", "101001400000", false, ""},
	}
	for _, c := range cases {
		dup, original := duplicateOf(c.note, c.self)
		if dup != c.dup || original != c.original {
			t.Errorf("duplicateOf(%q) = %v, %q; want %v, %q", c.note, dup, original, c.dup, c.original)
		}
	}
}

func TestCodesAreMadeOfLowerCaseLettersDigitsAndHyphens(t *testing.T) {
	for in, want := range map[string]string{
		"PWDx_Street Light Outages":      "pwdx-street-light-outages",
		"Heat - Excessive  Insufficient": "heat-excessive-insufficient",
		"Misc. Snow Complaint":           "misc-snow-complaint",
		"  ":                             "other",
		"Sidewalk Repair (Make Safe)":    "sidewalk-repair-make-safe",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExportDatesAreBostonTimeAndMalformedOnesAreRefused(t *testing.T) {
	got, err := parseBostonTime("OPEN_DT", "07/04/2015 12:20:09 AM")
	if err != nil || !got.Equal(time.Date(2015, 7, 4, 4, 20, 9, 0, time.UTC)) {
		t.Errorf("summer date: %s, %v; want 04:20:09 UTC (EDT is UTC-4)", got, err)
	}
	if got, err := parseBostonTime("CLOSED_DT", ""); err != nil || !got.IsZero() {
		t.Errorf("empty date: %s, %v; want the zero time", got, err)
	}
	for _, bad := range []string{"2015-07-04 00:20", "13/01/2015 12:00:00 AM", "07/04/2015"} {
		if _, err := parseBostonTime("OPEN_DT", bad); err == nil {
			t.Errorf("%q was taken for a date", bad)
		}
	}
}
