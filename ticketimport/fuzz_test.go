package ticketimport

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"loket/internal/errs"
)

// FuzzParseBoston feeds the Boston 311 reader anything, compressed or not:
// it must never panic, and the cases it accepts are ones the import can
// write — an id once each, a type, a queue, an opening, a known channel,
// a position or none, and text the database takes.
func FuzzParseBoston(f *testing.F) {
	head := realHead(f, 12)
	f.Add(head)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(head)
	zw.Close()
	f.Add(gz.Bytes())
	header, _, _ := bytes.Cut(head, []byte("\n"))
	cols := strings.Split(string(header), ",")
	row := func(kv ...string) string {
		vals := make([]string, len(cols))
		for i := 0; i+1 < len(kv); i += 2 {
			vals[slices.Index(cols, kv[i])] = kv[i+1]
		}
		return strings.Join(vals, ",")
	}
	open := []string{"CASE_ENQUIRY_ID", "1", "OPEN_DT", "01/01/2015 12:20:09 AM", "CASE_STATUS", "Open", "CASE_TITLE", "Pothole",
		"REASON", "Highway Maintenance", "TYPE", "Request for Pothole Repair", "QUEUE", "PWDx_District 1C", "Source", "Twitter",
		"LOCATION_STREET_NAME", "12 Adams St", "LATITUDE", "42.35", "LONGITUDE", "-71.06"}
	for _, rows := range [][]string{
		{row(open...)},
		{row(open...), row(append(slices.Clone(open), "CASE_STATUS", "Closed", "CLOSED_DT", "01/02/2015 09:08:42 AM")...)},
		{row(append(slices.Clone(open), "CASE_TITLE", "T\xff\x00", "OPEN_DT", "13/45/2015 99:99:99 PM", "LATITUDE", "NaN", "LONGITUDE", "Inf", "Source", "Carrier Pigeon")...)},
		{row(append(slices.Clone(open), "CASE_ENQUIRY_ID", "3", "CASE_STATUS", "Closed", "CLOSED_DT", "01/01/2015 12:20:09 AM",
			"CLOSURE_REASON", "Case Closed Duplicate of Existing Case 1", "LATITUDE", "91", "LONGITUDE", "", "Source", "Self Service")...)},
		{`"4,""x"",short`},
	} {
		f.Add([]byte(string(header) + "\n" + strings.Join(rows, "\n") + "\n"))
	}
	f.Add([]byte{0x1f, 0x8b, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, bad, err := parseBoston(bytes.NewReader(data))
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("failed as an internal error: %v", err)
			}
			return
		}
		ids := map[string]bool{}
		for _, c := range cases {
			switch {
			case c.line < 2 || c.id == "" || len(c.id) > 40 || ids[c.id]:
				t.Fatalf("accepted case %q on line %d", c.id, c.line)
			case c.kind == "" || c.queue == "" || c.opened.IsZero() || c.channel == "":
				t.Fatalf("accepted a case without type, queue, opening or channel: %+v", c)
			case c.closedStatus == c.closed.IsZero():
				t.Fatalf("case %s is closed %v at %v", c.id, c.closedStatus, c.closed)
			case math.IsNaN(c.lon) != math.IsNaN(c.lat) || !math.IsNaN(c.lon) && (math.Abs(c.lon) > 180 || math.Abs(c.lat) > 90):
				t.Fatalf("accepted position %v, %v", c.lon, c.lat)
			case len(c.title) > maxDescription || !utf8.ValidString(c.title):
				t.Fatalf("accepted a title of %d bytes that the ticket cannot hold", len(c.title))
			case !textOK([]string{c.id, c.note, c.title, c.reason, c.kind, c.queue, c.street, c.original}):
				t.Fatalf("accepted text the database cannot hold: %+v", c)
			}
			ids[c.id] = true
		}
		for _, b := range bad {
			if b.Line < 1 || b.Reason == "" {
				t.Fatalf("rejection without a line or reason: %+v", b)
			}
		}
	})
}

// realHead is the header and the first rows of the real 2015 export.
func realHead(tb testing.TB, lines int) []byte {
	tb.Helper()
	file, err := os.Open("../testdata/boston/boston311-2015.csv.gz")
	if err != nil {
		tb.Fatal(err)
	}
	defer file.Close()
	zr, err := gzip.NewReader(file)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(zr)
	for len(out) < lines && sc.Scan() {
		out = append(out, sc.Text())
	}
	return []byte(strings.Join(out, "\n") + "\n")
}
