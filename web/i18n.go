package web

import (
	"net/http"
	"time"

	"golang.org/x/text/language"

	"loket/internal/auth"
)

// Languages the pages speak, the first being the default: Loket's home
// municipalities are Dutch-speaking first.
var Languages = []string{"nl", "fr", "en"}

// langCookie keeps a visitor's choice from the switcher for a year.
const langCookie = "lang"

var langMatcher = language.NewMatcher([]language.Tag{language.Dutch, language.French, language.English})

// pickLanguage chooses the page language: an explicit ?lang= (remembered in
// a cookie), then the cookie, then the signed-in citizen's own language,
// then the browser's Accept-Language, else Dutch.
func pickLanguage(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); supported(l) {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
			SameSite: http.SameSiteLaxMode})
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && supported(c.Value) {
		return c.Value
	}
	if p := auth.From(r.Context()); p != nil && supported(p.Language) {
		return p.Language
	}
	return fromAcceptLanguage(r.Header.Get("Accept-Language"))
}

// fromAcceptLanguage matches the browser's preferences against ours; a
// header naming none of them gives the default.
func fromAcceptLanguage(header string) string {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return Languages[0]
	}
	_, i, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return Languages[0]
	}
	return Languages[i]
}

func supported(l string) bool {
	for _, s := range Languages {
		if l == s {
			return true
		}
	}
	return false
}

// translate looks key up in lang's catalogue. A missing key shows itself,
// so a gap is visible on the page; a test keeps the catalogues complete.
func translate(lang, key string) string {
	if s, ok := messages[lang][key]; ok {
		return s
	}
	return key
}
