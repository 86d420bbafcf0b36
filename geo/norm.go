package geo

import "strings"

// fold lowers s and strips the accents of the Latin letters Belgian names
// use, the way loket_norm's unaccent does in the database, so the parser can
// recognise "Boîte", "Chée" or "Courtraï" before anything reaches SQL.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'à', 'á', 'â', 'ã', 'ä', 'å':
			b.WriteByte('a')
		case 'ç':
			b.WriteByte('c')
		case 'è', 'é', 'ê', 'ë':
			b.WriteByte('e')
		case 'ì', 'í', 'î', 'ï', 'ĳ':
			b.WriteByte('i')
		case 'ñ':
			b.WriteByte('n')
		case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
			b.WriteByte('o')
		case 'ù', 'ú', 'û', 'ü':
			b.WriteByte('u')
		case 'ý', 'ÿ':
			b.WriteByte('y')
		case 'œ':
			b.WriteString("oe")
		case 'æ':
			b.WriteString("ae")
		case 'ß':
			b.WriteString("ss")
		case '’', '‘', '`', '´':
			b.WriteByte('\'')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normKey is loket_norm in Go: folded, with everything but a–z and 0–9
// dropped, so word boundaries and hyphens never decide a match.
func normKey(s string) string {
	f := fold(s)
	var b strings.Builder
	b.Grow(len(f))
	for i := 0; i < len(f); i++ {
		if c := f[i]; isAlnum(c) {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
