package web

import (
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
)

// The staff pages live under /werk: one sign-in for every role, then each
// role's own page. A role's page is in the menu only for those holding it.
var (
	staffSigninPage = parsePage("staff/signin.html")
	forbiddenPage   = parsePage("portal/error.html")
)

// staffPages are the staff pages in the menu's order, each with the
// roles that may open it; the first role is the one it is home to.
var staffPages = []struct {
	href, key string
	roles     []string
}{
	{"/werk/balie", "nav.desk", []string{auth.RoleAgent}},
	{"/werk/wachtrij", "nav.queue", []string{auth.RoleStaff, auth.RoleManager}},
	{"/werk/terrein", "nav.field", []string{auth.RoleField, auth.RoleStaff, auth.RoleManager}},
	{"/werk/dashboard", "nav.dashboard", []string{auth.RoleManager}},
}

// menuFor is the main menu for p: a citizen's own pages, or the staff
// pages p's roles open.
func menuFor(p *auth.Principal) []NavLink {
	switch {
	case p.IsCitizen():
		return []NavLink{{Href: "/mijn", Key: "nav.mine"}, {Href: "/mijn/nieuw", Key: "nav.new"}}
	case p.IsStaff():
		var links []NavLink
		for _, pg := range staffPages {
			if slices.ContainsFunc(pg.roles, p.Has) {
				links = append(links, NavLink{Href: pg.href, Key: pg.key})
			}
		}
		return links
	}
	return nil
}

// homeOf is the page a staff member starts on: the one their first role
// in the menu's order is home to (a manager's is the dashboard).
func homeOf(p *auth.Principal) string {
	for _, pg := range staffPages {
		if p.Has(pg.roles[0]) {
			return pg.href
		}
	}
	return ""
}

func (h *Handler) staffRoutes(r chi.Router) {
	r.Get("/werk", h.staffHome)
	r.Post("/werk/aanmelden", h.staffSignIn)
	r.Post("/werk/afmelden", h.staffSignOut)
}

// staffHome sends a signed-in staff member to their first role's page and
// shows anyone else the sign-in form.
func (h *Handler) staffHome(w http.ResponseWriter, r *http.Request) {
	if p := auth.From(r.Context()); p.IsStaff() {
		if home := homeOf(p); home != "" {
			http.Redirect(w, r, home, http.StatusSeeOther)
			return
		}
	}
	showSignIn(w, r, staffSignIn, http.StatusOK, "", "")
}

var staffSignIn = signInForm{staffSigninPage, "staff.signin.title", "/werk/aanmelden", "/werk"}

// staffSignIn checks a staff member's e-mail and password from the form.
func (h *Handler) staffSignIn(w http.ResponseWriter, r *http.Request) {
	h.signInWith(w, r, staffSignIn, h.sessions.LoginStaff)
}

func (h *Handler) staffSignOut(w http.ResponseWriter, r *http.Request) {
	if err := h.endSession(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/werk", http.StatusSeeOther)
}

// staffWith is the signed-in staff member holding one of roles (an admin
// holds them all). A visitor is sent to the sign-in form; anyone else gets
// a 403 page. Nil means the answer has been written.
func (h *Handler) staffWith(w http.ResponseWriter, r *http.Request, roles ...string) *auth.Principal {
	p := auth.From(r.Context())
	if !p.IsStaff() {
		http.Redirect(w, r, "/werk", http.StatusSeeOther)
		return nil
	}
	for _, role := range roles {
		if p.Has(role) {
			return p
		}
	}
	render(w, r, forbiddenPage, http.StatusForbidden, withError(newPage(w, r, "error.title", nil), "error.forbidden"))
	return nil
}
