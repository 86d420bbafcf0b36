// Package web renders Loket's pages from embedded templates and serves its
// static assets.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
)

// The home page sits at the top; the portal's pages and their shared
// layout in folders of their own.
//
//go:embed templates
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

var pages = template.Must(template.ParseFS(templateFiles, "templates/*.html"))

// Link is an entry on the home page.
type Link struct {
	Href, Title, About string
}

// Home is what the home page shows.
type Home struct {
	Municipality string
	Addresses    int64
	Residents    int64
	Tickets      int64
	OpenTickets  int64
	Links        []Link
	Logins       []DemoLogin // the demo city's accounts, when it is loaded
}

// DemoLogin is a demo account and the page where it signs in.
type DemoLogin struct {
	Email, Password, Role, Href string
}

// RenderHome writes the home page.
func RenderHome(w http.ResponseWriter, h Home) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return pages.ExecuteTemplate(w, "home.html", h)
}

// Static serves the embedded assets under /static/.
func Static() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}
