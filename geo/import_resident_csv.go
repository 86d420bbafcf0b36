package geo

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"loket/internal/errs"
)

// The resident CSV is an extract of the population register. A header row
// is required; columns by name, any case and order:
//
//	national_number  11 digits (rijksregisternummer), check digits verified
//	first_name, last_name  required
//	birth_date       YYYY-MM-DD, required
//	address_id       the address's external id (BeST-Add), or else:
//	street_nl, house_number, box, postcode  the address in the register
//	email, phone     optional
//	language         nl, fr or en; empty means nl

// residentRow is one good row of the file.
type residentRow struct {
	line                          int
	nationalNumber, first, last   string
	birth                         time.Time
	addressID                     string
	street, number, box, postcode string
	email, phone, language        string
}

func parseResidentCSV(in io.Reader) ([]residentRow, []Rejection, error) {
	t, err := openCSV(in)
	if err != nil {
		return nil, nil, err
	}
	if err := t.require("national_number", "first_name", "last_name", "birth_date"); err != nil {
		return nil, nil, err
	}
	if !t.has("address_id") && !(t.has("street_nl") && t.has("house_number") && t.has("postcode")) {
		return nil, nil, errs.E(errs.Invalid, "the header needs an address: address_id, or street_nl, house_number and postcode")
	}
	return readRows(t, func(rec []string, line int) (residentRow, string) {
		r, reason := t.residentRow(rec)
		r.line = line
		return r, reason
	})
}

func (t *csvTable) residentRow(rec []string) (residentRow, string) {
	r := residentRow{
		nationalNumber: t.get(rec, "national_number"),
		first:          t.get(rec, "first_name"),
		last:           t.get(rec, "last_name"),
		addressID:      t.get(rec, "address_id"),
		street:         t.get(rec, "street_nl"),
		number:         t.get(rec, "house_number"),
		box:            t.get(rec, "box"),
		postcode:       t.get(rec, "postcode"),
		email:          t.get(rec, "email"),
		phone:          t.get(rec, "phone"),
		language:       t.get(rec, "language"),
	}
	if r.language == "" {
		r.language = "nl"
	}
	birth := t.get(rec, "birth_date")
	var err error
	switch {
	case !validNationalNumber(r.nationalNumber):
		return r, fmt.Sprintf("national_number %q is not a valid Belgian national number", r.nationalNumber)
	case r.first == "" || r.last == "":
		return r, "first_name and last_name are required"
	case r.addressID == "" && (r.street == "" || r.number == "" || !fourDigits(r.postcode)):
		return r, "the address is missing: give address_id, or street_nl, house_number and a four-digit postcode"
	case r.language != "nl" && r.language != "fr" && r.language != "en":
		return r, fmt.Sprintf("language %q is not nl, fr or en", r.language)
	}
	if r.birth, err = time.Parse(time.DateOnly, birth); err != nil {
		return r, fmt.Sprintf("birth_date %q is not a date written YYYY-MM-DD", birth)
	}
	return r, ""
}

// validNationalNumber checks a Belgian national number, YYMMDD SSS CC: the
// check CC is 97 minus the first nine digits modulo 97, where for people
// born in 2000 or later a 2 is put before those nine digits.
func validNationalNumber(s string) bool {
	if len(s) != 11 {
		return false
	}
	n, err := strconv.ParseInt(s[:9], 10, 64)
	if err != nil || s[0] == '+' || s[0] == '-' {
		return false
	}
	check, err := strconv.Atoi(s[9:])
	if err != nil || s[9] == '+' || s[9] == '-' {
		return false
	}
	return check == 97-int(n%97) || check == 97-int((2_000_000_000+n)%97)
}
