package ticketimport

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // Boston's clock, whatever the machine's zone files
)

// bostonTime is the zone of the export's dates ("01/01/2015 12:20:09 AM").
var bostonTime = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

const bostonLayout = "01/02/2006 03:04:05 PM"

// parseBostonTime reads a date of the export; empty is the zero time.
func parseBostonTime(column, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(bostonLayout, s, bostonTime)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a date like 01/31/2015 02:05:09 PM", column, s)
	}
	return t, nil
}

// bostonChannels maps the export's Source to Loket's channels. Employee
// Generated cases were typed in by staff at their desk; the City Worker
// App and the Maximo work-order system are machine clients (api); a tweet
// is a message on the web.
var bostonChannels = map[string]string{
	"Constituent Call":     "phone",
	"Self Service":         "app",
	"Citizens Connect App": "app",
	"Employee Generated":   "desk",
	"City Worker App":      "api",
	"Maximo Integration":   "api",
	"Twitter":              "web",
}

// nonSlug is what a code may not hold (category and team codes are
// ^[a-z0-9-]+$).
var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes a code of a name: "PWDx_Street Light Outages" is
// "pwdx-street-light-outages".
func slug(s string) string {
	s = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" {
		return "other"
	}
	return s
}

// duplicateWord finds a closure note that calls the case a duplicate
// ("Case Closed Duplicate of Existing Case", "duplicate CRM", "Duplicated
// Case.").
var duplicateWord = regexp.MustCompile(`(?i)duplicat`)

// caseNumber finds the numbers a note may name a case by: the full twelve
// digits (101001504895) or the last seven (1504895), as staff typed them.
var caseNumber = regexp.MustCompile(`[0-9]+`)

// duplicateOf reads a closure note: whether it closes the case as a
// duplicate, and the case number it names as the original, if any (not
// the case's own). Seven digits are completed with the prefix every 2015
// case number shares; other lengths are kept as written.
func duplicateOf(note, self string) (duplicate bool, original string) {
	if !duplicateWord.MatchString(note) {
		return false, ""
	}
	for _, n := range caseNumber.FindAllString(note, -1) {
		if len(n) < 5 || len(n) > 12 {
			continue // a house number, a year, not a case
		}
		if len(n) == 7 {
			n = "10100" + n
		}
		if n != self {
			return true, n
		}
	}
	return true, ""
}
