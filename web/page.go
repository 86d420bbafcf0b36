package web

import (
	"bytes"
	"html/template"
	"log/slog"
	"net/http"
	"path"
	"time"

	"loket/internal/auth"
)

// Page is what every template receives: the language, the switcher, who
// is signed in with the menu their roles open, the CSRF token for forms,
// an error to show, and the page's own data.
type Page struct {
	Lang   string
	Title  string // a catalogue key
	Path   string // the current URL, for the switcher
	Switch []LangLink
	Person *auth.Principal
	Nav    []NavLink
	CSRF   string // the session's token, for the forms' hidden field
	Error  string // a catalogue key, or a message from the domain
	Data   any
}

// NavLink is one entry of the main menu.
type NavLink struct {
	Href, Key string // Key is a catalogue key
	Current   bool
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Lang, Label, Href string
	Current           bool
}

// T translates key into the page's language.
func (p Page) T(key string) string { return translate(p.Lang, key) }

// newPage reads the language and the principal from r.
func newPage(w http.ResponseWriter, r *http.Request, title string, data any) Page {
	p := Page{Lang: pickLanguage(w, r), Title: title, Path: r.URL.Path, Person: auth.From(r.Context()), Data: data}
	if c, err := r.Cookie(csrfCookie); err == nil && p.Person != nil {
		p.CSRF = c.Value
	}
	for _, n := range menuFor(p.Person) {
		n.Current = n.Href == r.URL.Path
		p.Nav = append(p.Nav, n)
	}
	for _, l := range Languages {
		// The same page with its filters, in the other language.
		q := r.URL.Query()
		q.Set("lang", l)
		p.Switch = append(p.Switch, LangLink{Lang: l, Label: translate(l, "lang.name"), Href: r.URL.Path + "?" + q.Encode(), Current: l == p.Lang})
	}
	return p
}

var brussels = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Brussels"); err == nil {
		return loc
	}
	return time.UTC
}()

var pageFuncs = template.FuncMap{
	// date shows an instant as the city's wall clock.
	"date": func(t time.Time) string { return t.In(brussels).Format("02/01/2006 15:04") },
	"day": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(brussels).Format("02/01/2006")
	},
}

// parsePage builds one page over the shared layout; name is the page's
// template under templates/, such as "portal/list.html".
func parsePage(name string) *template.Template {
	return template.Must(template.New(path.Base(name)).Funcs(pageFuncs).ParseFS(templateFiles, "templates/layout/*.html", "templates/"+name))
}

// render writes page p with status; the page is built in memory first so a
// template error gives a clean 500 instead of half a page.
func render(w http.ResponseWriter, r *http.Request, t *template.Template, status int, p Page) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		slog.ErrorContext(r.Context(), "rendering a page failed", "path", r.URL.Path, "err", err)
		http.Error(w, translate(p.Lang, "error.server"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.Lang)
	w.Header().Set("Vary", "Cookie, Accept-Language")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
