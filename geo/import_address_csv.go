package geo

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"loket/internal/errs"
)

// The address CSV follows the shape of Belgian BeST-Add/CRAB exports. A
// header row is required; columns are found by name, in any case and order,
// separated by commas or semicolons:
//
//	street_nl     street name in Dutch (required)
//	street_fr     street name in French
//	house_number  required, e.g. 12 or 12A
//	box           bus/boîte; empty when none
//	postcode      required, four digits
//	municipality  name or NIS code; rows of another municipality are rejected
//	x, y          coordinates in the system of the srid column, or of -srid
//	srid          31370 (Lambert 72), 3812 (Lambert 2008), 4326, 3857, …
//	lon, lat      WGS84 degrees, instead of x/y
//	address_id    the register's own identifier (BeST-Add), kept as external_id
//
// Decimals may use a point or, as Belgian spreadsheets write them, a comma.

// addressRow is one good row of the file.
type addressRow struct {
	line                                      int
	externalID                                string
	streetNL, streetFR, number, box, postcode string
	municipality                              string
	x, y                                      float64
	srid                                      int
	neighbourhood                             int32 // found by placeAddresses; 0 when none
}

// parseAddressCSV reads the whole file: the good rows, and the line and
// reason of every bad one. Only an unreadable header or input fails it.
func parseAddressCSV(in io.Reader, defaultSRID int) ([]addressRow, []Rejection, error) {
	t, err := openCSV(in)
	if err != nil {
		return nil, nil, err
	}
	if err := t.require("street_nl", "house_number", "postcode"); err != nil {
		return nil, nil, err
	}
	if !(t.has("x") && t.has("y")) && !(t.has("lon") && t.has("lat")) {
		return nil, nil, errs.E(errs.Invalid, "the header needs coordinates: columns x and y (with srid or -srid), or lon and lat")
	}
	return readRows(t, func(rec []string, line int) (addressRow, string) {
		row, reason := t.addressRow(rec, defaultSRID)
		row.line = line
		return row, reason
	})
}

func (t *csvTable) addressRow(rec []string, defaultSRID int) (addressRow, string) {
	a := addressRow{
		externalID:   t.get(rec, "address_id"),
		streetNL:     t.get(rec, "street_nl"),
		streetFR:     t.get(rec, "street_fr"),
		number:       t.get(rec, "house_number"),
		box:          t.get(rec, "box"),
		postcode:     t.get(rec, "postcode"),
		municipality: t.get(rec, "municipality"),
	}
	switch {
	case a.streetNL == "":
		return a, "street_nl is missing"
	case a.number == "":
		return a, "house_number is missing"
	case a.postcode == "":
		return a, "postcode is missing"
	case !fourDigits(a.postcode):
		return a, fmt.Sprintf("postcode %q is not four digits", a.postcode)
	}
	var reason string
	a.x, a.y, a.srid, reason = t.coordinates(rec, defaultSRID)
	return a, reason
}

// coordinates takes lon/lat when the row has them, else x/y in the row's
// srid or the default one.
func (t *csvTable) coordinates(rec []string, defaultSRID int) (x, y float64, srid int, reason string) {
	xs, ys, srid := t.get(rec, "lon"), t.get(rec, "lat"), 4326
	xn, yn := "lon", "lat"
	if xs == "" && ys == "" {
		xs, ys, xn, yn, srid = t.get(rec, "x"), t.get(rec, "y"), "x", "y", defaultSRID
		if s := t.get(rec, "srid"); s != "" {
			n, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(s), "EPSG:"))
			if err != nil {
				return 0, 0, 0, fmt.Sprintf("srid %q is not a number", s)
			}
			srid = n
		}
	}
	if xs == "" || ys == "" {
		return 0, 0, 0, "coordinates are missing"
	}
	var err error
	if x, err = parseDecimal(xs); err != nil {
		return 0, 0, 0, fmt.Sprintf("%s %q is not a number", xn, xs)
	}
	if y, err = parseDecimal(ys); err != nil {
		return 0, 0, 0, fmt.Sprintf("%s %q is not a number", yn, ys)
	}
	if srid == 0 {
		return 0, 0, 0, "the coordinate system is unknown: add an srid column or give -srid"
	}
	return x, y, srid, checkRange(x, y, srid)
}

// srsBounds is a generous box around Belgium in its own systems, and the
// whole earth otherwise: a point outside is a swapped or mistyped value.
func srsBounds(srid int) (minX, minY, maxX, maxY float64, ok bool) {
	switch srid {
	case 4326:
		return -180, -90, 180, 90, true
	case 31370: // Lambert 72
		return 0, 0, 400000, 400000, true
	case 3812: // Lambert 2008
		return 400000, 400000, 900000, 900000, true
	case 3857:
		return -20037508.35, -20048966.11, 20037508.35, 20048966.11, true
	case 2249, 26986: // Massachusetts Mainland (US feet, metres)
		return -1e8, -1e8, 1e8, 1e8, true
	}
	return 0, 0, 0, 0, false
}

func checkRange(x, y float64, srid int) string {
	minX, minY, maxX, maxY, ok := srsBounds(srid)
	if !ok {
		return fmt.Sprintf("srid %d is not supported (use 31370, 3812, 4326, 3857, 2249 or 26986)", srid)
	}
	if x < minX || x > maxX || y < minY || y > maxY {
		return fmt.Sprintf("point (%g, %g) is out of range for srid %d", x, y, srid)
	}
	return ""
}

// parseDecimal reads a finite number with a decimal point or comma.
func parseDecimal(s string) (float64, error) {
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		err = errors.New("not finite")
	}
	return f, err
}

func fourDigits(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
