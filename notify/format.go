package notify

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket/internal/errs"
)

// quoteLimit keeps a long description from burying the mail's message; the
// full text is one click away on the ticket page.
const quoteLimit = 500

var months = map[string][12]string{
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// dateIn returns the template function that writes a YYYY-MM-DD date the way
// lang writes it in a letter: "1 december 2026", "1er décembre 2026",
// "1 December 2026".
func dateIn(lang string) func(string) (string, error) {
	return func(iso string) (string, error) {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(iso))
		if err != nil {
			return "", errs.E(errs.Invalid, "date %q is not YYYY-MM-DD", iso)
		}
		day := strconv.Itoa(d.Day())
		if lang == "fr" && d.Day() == 1 {
			day = "1er"
		}
		return fmt.Sprintf("%s %s %d", day, months[lang][d.Month()-1], d.Year()), nil
	}
}

// quote shortens s to about quoteLimit characters, at a word boundary, and
// marks each line with "> " as mail readers expect of quoted text.
func quote(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if r := []rune(s); len(r) > quoteLimit {
		cut := string(r[:quoteLimit])
		if i := strings.LastIndexAny(cut, " \n"); i > len(cut)/2 {
			cut = cut[:i]
		}
		s = strings.TrimSpace(cut) + " …"
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight("> "+l, " \t")
	}
	return strings.Join(lines, "\n")
}
