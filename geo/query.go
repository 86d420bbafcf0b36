package geo

import "strings"

// Query is free text taken apart: what the geocoder matches on.
type Query struct {
	Street   string // folded words, abbreviations expanded: "rue de la lys"
	Number   string // "12", "12A"
	Box      string // "3", "2B"
	Postcode string // four digits
	Place    string // folded place name: "kortrijk", "heule"
}

// StreetKey is the street in the form loket_norm stores: letters and digits only.
func (q Query) StreetKey() string { return normKey(q.Street) }

// ParseQuery splits free text such as "Leiestr. 12 bus 3, 8500 Kortrijk" or
// "12 r. de la Lys Courtrai". It never fails: whatever it does not recognise
// stays in Street for the fuzzy match to judge.
func ParseQuery(s string) Query {
	var q Query
	toks := tokenize(fold(s))
	var words []string
	numberAt := -2 // index of the token that gave the number
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch {
		case t == "/" || t == "-":
			// "12/3" is a box; "12-14" a range of which the first number counts.
			if numberAt == i-1 && isNumberTok(next) {
				if t == "/" && q.Box == "" {
					q.Box = strings.ToUpper(next)
				}
				i++
			}
		case isBoxWord(t) && isNumberTok(next) && (q.Number != "" || len(t) > 2):
			if q.Box == "" {
				q.Box = strings.ToUpper(next)
			}
			i++
		case q.Number != "" && q.Box == "" && boxGlued(t) != "":
			q.Box = strings.ToUpper(boxGlued(t))
		case len(t) == 4 && allDigits(t) && t[0] != '0' && q.Postcode == "":
			q.Postcode = t
		case isNumberTok(t):
			switch {
			case q.Number == "":
				q.Number, numberAt = cleanNumber(t), i
			case q.Box == "":
				q.Box = strings.ToUpper(t)
			}
		case numberAt == i-1 && len(t) == 1 && strings.Contains("acdefgh", t) && allDigits(q.Number):
			q.Number += strings.ToUpper(t) // "12 a" is 12A
		case isFiller(t):
		case placeName(t) != "":
			if q.Place == "" {
				q.Place = placeName(t)
			}
		default:
			words = append(words, expand(t))
		}
	}
	q.Street = strings.Join(words, " ")
	return q
}

// tokenize cuts folded text into runs of letters and digits; '/' and '-'
// survive as tokens of their own only between two such runs.
func tokenize(f string) []string {
	var toks []string
	start := -1
	for i := 0; i <= len(f); i++ {
		if i < len(f) && isAlnum(f[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			toks = append(toks, f[start:i])
			start = -1
		}
		if i < len(f) && (f[i] == '/' || f[i] == '-') && i > 0 && isAlnum(f[i-1]) && i+1 < len(f) && isDigit(f[i+1]) {
			toks = append(toks, f[i:i+1])
		}
	}
	return toks
}

// isNumberTok: up to five digits and at most one letter, "12" or "12a".
func isNumberTok(t string) bool {
	n := len(t)
	if n > 0 && t[n-1] >= 'a' && t[n-1] <= 'z' {
		n--
	}
	return n >= 1 && n <= 5 && allDigits(t[:n])
}

// cleanNumber drops leading zeros and capitalises the letter: "012a" → "12A".
func cleanNumber(t string) string {
	t = strings.TrimLeft(t, "0")
	if t == "" || !isDigit(t[0]) {
		t = "0" + t
	}
	return strings.ToUpper(t)
}

func isBoxWord(t string) bool {
	switch t {
	case "bus", "bte", "boite", "box", "bt", "b":
		return true
	}
	return false
}

// boxGlued reads "b3", "bus3", "bte3" as box 3.
func boxGlued(t string) string {
	for _, p := range []string{"boite", "bus", "bte", "box", "bt", "b"} {
		if rest, ok := strings.CutPrefix(t, p); ok && isNumberTok(rest) {
			return rest
		}
	}
	return ""
}

func isFiller(t string) bool {
	switch t {
	case "nr", "no", "n", "nummer", "numero", "num", "belgie", "belgium", "belgique", "be":
		return true
	}
	return false
}

// placeName recognises the municipality and its former municipalities in
// nl and fr (Kortrijk's for now; a second city would load these from the
// database).
func placeName(t string) string {
	switch t {
	case "kortrijk", "courtrai":
		return "kortrijk"
	case "heule", "bissegem", "marke", "aalbeke", "bellegem", "kooigem", "rollegem":
		return t
	}
	return ""
}

// placePostcodes are the postcodes a place name stands for; nil means any.
func placePostcodes(place string) []string {
	switch place {
	case "heule", "bissegem":
		return []string{"8501"}
	case "marke", "bellegem", "kooigem", "rollegem":
		return []string{"8510"}
	case "aalbeke":
		return []string{"8511"}
	}
	return nil
}

// expand writes out the street-type abbreviations, as a whole word
// ("r" → "rue") or at the end of a compound ("leiestr" → "leiestraat").
func expand(t string) string {
	switch t {
	case "str":
		return "straat"
	case "stw", "stwg", "stwg.", "stwk":
		return "steenweg"
	case "ln":
		return "laan"
	case "pl":
		return "plein"
	case "bd", "bld", "blvd", "boul":
		return "boulevard"
	case "av", "ave", "avn":
		return "avenue"
	case "ch", "chee", "chss":
		return "chaussee"
	case "r":
		return "rue"
	case "st", "sint":
		return "sint"
	case "gr":
		return "grote"
	case "kl":
		return "kleine"
	case "burg":
		return "burgemeester"
	case "dr":
		return "dokter"
	}
	if len(t) > 5 {
		for _, s := range [][2]string{{"stwg", "steenweg"}, {"stw", "steenweg"}, {"str", "straat"}, {"ln", "laan"}, {"pl", "plein"}} {
			if base, ok := strings.CutSuffix(t, s[0]); ok {
				return base + s[1]
			}
		}
	}
	return t
}
