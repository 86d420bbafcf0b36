package web

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
	"loket/internal/errs"
)

// The staff pages live under /werk: one sign-in for every role, then each
// role's own page. A role's page is in the menu only for those holding it.
var (
	staffSigninPage = parsePage("staff/signin.html")
	forbiddenPage   = parsePage("portal/error.html")
)

// roleHomes is each staff role's page, in the menu's order.
var roleHomes = []struct{ role, href, key string }{
	{auth.RoleAgent, "/werk/balie", "nav.desk"},
	{auth.RoleStaff, "/werk/wachtrij", "nav.queue"},
	{auth.RoleField, "/werk/terrein", "nav.field"},
	{auth.RoleManager, "/werk/dashboard", "nav.dashboard"},
}

// menuFor is the main menu for p: a citizen's own pages, or the pages of
// the staff member's roles.
func menuFor(p *auth.Principal) []NavLink {
	switch {
	case p.IsCitizen():
		return []NavLink{{Href: "/mijn", Key: "nav.mine"}, {Href: "/mijn/nieuw", Key: "nav.new"}}
	case p.IsStaff():
		var links []NavLink
		for _, h := range roleHomes {
			if p.Has(h.role) {
				links = append(links, NavLink{Href: h.href, Key: h.key})
			}
		}
		return links
	}
	return nil
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
		if links := menuFor(p); len(links) > 0 {
			http.Redirect(w, r, links[0].Href, http.StatusSeeOther)
			return
		}
	}
	render(w, r, staffSigninPage, http.StatusOK, newPage(w, r, "staff.signin.title", nil))
}

// staffSignIn checks a staff member's e-mail and password from the form.
func (h *Handler) staffSignIn(w http.ResponseWriter, r *http.Request) {
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	page := newPage(w, r, "staff.signin.title", email)
	if email == "" || password == "" {
		render(w, r, staffSigninPage, http.StatusBadRequest, withError(page, "signin.missing"))
		return
	}
	se, err := h.sessions.LoginStaff(r.Context(), email, password)
	if err != nil {
		switch errs.KindOf(err) {
		case errs.Unauthorized, errs.Forbidden:
			render(w, r, staffSigninPage, http.StatusUnauthorized, withError(page, "signin.failed"))
		case errs.Invalid:
			render(w, r, staffSigninPage, http.StatusBadRequest, withError(page, errs.MessageOf(err)))
		default:
			h.fail(w, r, err)
		}
		return
	}
	setSession(w, r, se)
	http.Redirect(w, r, "/werk", http.StatusSeeOther)
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
