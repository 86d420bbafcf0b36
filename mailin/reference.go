package mailin

import "regexp"

// ticketReference matches a reference such as 1777-2026-000123: a prefix of
// one to six letters or digits, a year and a six-digit serial. The groups
// around it make sure it is not glued to other letters or digits, so
// 12345678-2026-000123 or 1777-2026-0001234 are not mistaken for one.
var ticketReference = regexp.MustCompile(`(?:^|[^0-9A-Za-z])([0-9A-Za-z]{1,6}-[0-9]{4}-[0-9]{6})(?:$|[^0-9A-Za-z])`)

// Reference finds the first ticket reference in a subject, wherever it is:
// bare, in brackets, or after "Re:", "Antw:", "Fwd:" and the like.
func Reference(subject string) (string, bool) {
	m := ticketReference.FindStringSubmatch(subject)
	if m == nil {
		return "", false
	}
	return m[1], true
}
