package mailin

import (
	"regexp"
	"strings"
)

// datedReplyHeaders match the line a mail client puts above the quoted
// message; they always carry a date, which keeps ordinary sentences such as
// "On the corner, my neighbour wrote:" from matching.
var datedReplyHeaders = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^on\s.*\swrote\s?:$`),
	regexp.MustCompile(`(?i)^op\s.*\s(schreef|geschreven)\b.*:$`),
	regexp.MustCompile(`(?i)^le\s.*\sa\s+écrit\s?:$`),
	regexp.MustCompile(`(?i)^am\s.*\sschrieb\b.*:$`),
}

var originalMessage = regexp.MustCompile(`(?i)^-{2,}\s*(original message|oorspronkelijk bericht|message d'origine|ursprüngliche nachricht)\s*-{2,}$`)

// Body returns what the sender wrote in m: quoted lines, everything from the
// reply header of the quoted message on, and the signature are left out.
// When nothing remains, it returns the whole text.
func Body(m Message) string {
	lines := strings.Split(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n")
	var kept []string
	for i, line := range lines {
		if line == "-- " || line == "--" || isReplyHeader(lines, i) {
			break
		}
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), ">") {
			continue
		}
		kept = append(kept, strings.TrimRight(line, " \t"))
	}
	body := strings.TrimSpace(strings.Join(kept, "\n"))
	body = strings.TrimSpace(strings.TrimRight(body, "_"))
	if body == "" {
		return strings.TrimSpace(m.Text)
	}
	return body
}

// isReplyHeader also looks at the next line, because clients wrap long
// headers such as "On Mon, 2 Mar 2026, Jan Jansen <jan@…>\nwrote:".
// Cheap checks come first: Body runs this on every line of large messages.
func isReplyHeader(lines []string, i int) bool {
	line := strings.TrimSpace(lines[i])
	next := ""
	if i+1 < len(lines) {
		next = strings.TrimSpace(lines[i+1])
	}
	if strings.HasPrefix(line, "--") && originalMessage.MatchString(line) {
		return true
	}
	if strings.ContainsAny(line, "0123456789") && (strings.HasSuffix(line, ":") || strings.HasSuffix(next, ":")) {
		for _, header := range datedReplyHeaders {
			if header.MatchString(line) || header.MatchString(line+" "+next) {
				return true
			}
		}
	}
	return isOutlookBlock(lines, i)
}

// isOutlookBlock reports the block Outlook puts above the quoted message:
// "Van:" (or "From:", "De :") followed by "Verzonden:", "Aan:" and the like.
func isOutlookBlock(lines []string, i int) bool {
	switch headerLabel(lines[i]) {
	case "van", "from", "de":
	default:
		return false
	}
	for _, next := range lines[i+1 : min(i+4, len(lines))] {
		switch headerLabel(next) {
		case "verzonden", "sent", "envoyé", "date", "datum", "aan", "to", "à", "onderwerp", "subject", "objet":
			return true
		}
	}
	return false
}

// headerLabel returns the lower-cased word before the colon of a line such
// as "*Van:* Gemeente", or "" when the line does not look like that.
func headerLabel(line string) string {
	label, _, found := strings.Cut(strings.TrimSpace(line), ":")
	if !found || len(label) > 12 {
		return ""
	}
	return strings.ToLower(strings.Trim(label, " *\t"))
}
