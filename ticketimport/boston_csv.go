package ticketimport

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket/geo"
	"loket/internal/errs"
)

// bostonCase is one row of Boston's 311 export, checked and parsed.
type bostonCase struct {
	line                   int
	id                     string
	opened, target, closed time.Time // target and closed may be zero
	closedStatus           bool      // CASE_STATUS Closed
	note                   string    // CLOSURE_REASON
	title                  string
	reason, kind, queue    string // REASON, TYPE, QUEUE
	street                 string
	lon, lat               float64 // NaN without coordinates
	channel                string
	duplicate              bool   // closed as a duplicate
	original               string // the case number the note names, if any
}

func (c *bostonCase) hasPoint() bool { return !math.IsNaN(c.lon) }

// bostonColumns are the columns an import reads; the export has more.
var bostonColumns = []string{"CASE_ENQUIRY_ID", "OPEN_DT", "TARGET_DT", "CLOSED_DT", "CASE_STATUS",
	"CLOSURE_REASON", "CASE_TITLE", "REASON", "TYPE", "QUEUE", "LOCATION_STREET_NAME", "LATITUDE", "LONGITUDE", "Source"}

// maxDescription is the ticket column's limit.
const maxDescription = 20000

// parseBoston reads the export (gzip-compressed or not: the first bytes
// say) into cases, setting aside the rows it cannot use. When a case
// number comes twice, the later row wins.
func parseBoston(in io.Reader) ([]bostonCase, []geo.Rejection, error) {
	in, err := maybeGunzip(in)
	if err != nil {
		return nil, nil, err
	}
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1 // a short row is one bad row, not a broken file
	r.LazyQuotes = true
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, errs.E(errs.Invalid, "the file is empty: the export's header row is required")
	}
	if err != nil {
		return nil, nil, errs.Wrap(err, errs.Invalid, "the header row cannot be read")
	}
	col, err := columnIndex(header)
	if err != nil {
		return nil, nil, err
	}
	var cases []bostonCase
	var bad []geo.Rejection
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, nil, errs.Wrap(err, errs.Invalid, "the file cannot be read")
			}
			bad = append(bad, geo.Rejection{Line: pe.StartLine, Reason: "not valid CSV: " + pe.Err.Error()})
			continue
		}
		if len(rec) < len(header) {
			bad = append(bad, geo.Rejection{Line: line, Reason: fmt.Sprintf("%d fields where the header has %d", len(rec), len(header))})
			continue
		}
		if !textOK(rec) {
			bad = append(bad, geo.Rejection{Line: line, Reason: "the row is not UTF-8 text (or holds a NUL): save the file as UTF-8"})
			continue
		}
		c, err := parseCase(line, func(name string) string { return strings.TrimSpace(rec[col[name]]) })
		if err != nil {
			bad = append(bad, geo.Rejection{Line: line, Reason: err.Error()})
			continue
		}
		cases = append(cases, c)
	}
	cases, bad = keepLast(cases, bad)
	return cases, bad, nil
}

// textOK says whether every field is text the database can store: UTF-8
// without NUL.
func textOK(fields []string) bool {
	for _, f := range fields {
		if !utf8.ValidString(f) || strings.ContainsRune(f, 0) {
			return false
		}
	}
	return true
}

// maybeGunzip decompresses in when it starts like gzip does.
func maybeGunzip(in io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(in, 1<<16)
	magic, _ := br.Peek(2)
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "the file looks gzip-compressed but cannot be opened")
	}
	return zr, nil
}

// columnIndex finds the columns an import reads, whatever their order.
func columnIndex(header []string) (map[string]int, error) {
	col := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, seen := col[h]; !seen {
			col[h] = i
		}
	}
	var missing []string
	for _, c := range bostonColumns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, errs.E(errs.Invalid, "not a Boston 311 export: the header lacks %s", strings.Join(missing, ", "))
	}
	return col, nil
}

// parseCase checks one row; field returns a column's trimmed text.
func parseCase(line int, field func(string) string) (bostonCase, error) {
	c := bostonCase{line: line, id: field("CASE_ENQUIRY_ID"), note: field("CLOSURE_REASON"),
		title: field("CASE_TITLE"), reason: field("REASON"), kind: field("TYPE"), queue: field("QUEUE"),
		street: field("LOCATION_STREET_NAME"), lon: math.NaN(), lat: math.NaN()}
	var err error
	switch {
	case c.id == "" || len(c.id) > 40:
		return c, errors.New("CASE_ENQUIRY_ID is empty or longer than 40 characters")
	case c.kind == "":
		return c, errors.New("TYPE is empty: the case has no category")
	case c.queue == "":
		return c, errors.New("QUEUE is empty: the case has no team")
	}
	if c.opened, err = parseBostonTime("OPEN_DT", field("OPEN_DT")); err != nil {
		return c, err
	}
	if c.opened.IsZero() {
		return c, errors.New("OPEN_DT is empty")
	}
	if c.target, err = parseBostonTime("TARGET_DT", field("TARGET_DT")); err != nil {
		return c, err
	}
	if c.closed, err = parseBostonTime("CLOSED_DT", field("CLOSED_DT")); err != nil {
		return c, err
	}
	switch status := field("CASE_STATUS"); {
	case strings.EqualFold(status, "Closed"):
		if c.closed.IsZero() {
			return c, errors.New("CASE_STATUS is Closed but CLOSED_DT is empty")
		}
		c.closedStatus = true
		c.duplicate, c.original = duplicateOf(c.note, c.id)
	case strings.EqualFold(status, "Open"):
		c.closed = time.Time{} // an open case has not ended, whatever the column says
	default:
		return c, fmt.Errorf("CASE_STATUS %q is neither Open nor Closed", status)
	}
	var ok bool
	if c.channel, ok = bostonChannels[field("Source")]; !ok {
		return c, fmt.Errorf("unknown Source %q: not a channel Boston uses", field("Source"))
	}
	if c.lon, c.lat, err = parseLonLat(field("LONGITUDE"), field("LATITUDE")); err != nil {
		return c, err
	}
	if len(c.title) > maxDescription {
		c.title = strings.ToValidUTF8(c.title[:maxDescription], "")
	}
	return c, nil
}

// parseLonLat reads a WGS84 position; both empty is no position (NaN).
func parseLonLat(lonText, latText string) (lon, lat float64, err error) {
	if lonText == "" && latText == "" {
		return math.NaN(), math.NaN(), nil
	}
	lon, errLon := strconv.ParseFloat(lonText, 64)
	lat, errLat := strconv.ParseFloat(latText, 64)
	if errLon != nil || errLat != nil || math.IsNaN(lon) || math.IsNaN(lat) || math.Abs(lon) > 180 || math.Abs(lat) > 90 {
		return 0, 0, fmt.Errorf("LONGITUDE %q, LATITUDE %q is not a WGS84 position", lonText, latText)
	}
	return lon, lat, nil
}

// keepLast drops all but the last row of a case number that comes twice:
// one write cannot set a ticket twice, and later exports are newer.
func keepLast(cases []bostonCase, bad []geo.Rejection) ([]bostonCase, []geo.Rejection) {
	last := make(map[string]int, len(cases))
	for i, c := range cases {
		last[c.id] = i
	}
	out := cases[:0]
	for i, c := range cases {
		if j := last[c.id]; j != i {
			bad = append(bad, geo.Rejection{Line: c.line, Reason: fmt.Sprintf("case %s is on line %d too, which wins", c.id, cases[j].line)})
			continue
		}
		out = append(out, c)
	}
	return out, bad
}
