package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/auth"
	"loket/ticketing"
)

// Handler serves the citizen portal ("Mijn gemeente") at /mijn. Pages are
// rendered on the server from the domain packages; forms post to the
// portal itself with the session's CSRF token in a hidden field, so they
// work without JavaScript.
type Handler struct {
	pool     *pgxpool.Pool
	sessions *auth.Store
	tickets  *ticketing.Service
}

// New returns the portal over pool and the ticket service.
func New(pool *pgxpool.Pool, tickets *ticketing.Service) *Handler {
	return &Handler{pool: pool, sessions: auth.NewStore(pool), tickets: tickets}
}

var (
	signinPage = parsePage("portal/signin.html")
	listPage   = parsePage("portal/list.html")
	ticketPage = parsePage("portal/ticket.html")
	newPageTpl = parsePage("portal/new.html")
	errorPage  = parsePage("portal/error.html")
)

// Routes mounts the citizen portal and the staff pages.
func (h *Handler) Routes(r chi.Router) {
	h.staffRoutes(r)
	h.deskRoutes(r)
	h.queueRoutes(r)
	h.fieldRoutes(r)
	h.dashboardRoutes(r)
	r.Get("/mijn", h.home)
	r.Post("/mijn/aanmelden", h.signIn)
	r.Post("/mijn/afmelden", h.signOut)
	r.Get("/mijn/nieuw", h.newForm)
	r.Post("/mijn/nieuw", h.create)
	r.Get("/mijn/meldingen/{ref}", h.ticket)
	r.Post("/mijn/meldingen/{ref}/reacties", h.comment)
}

// citizen is the signed-in citizen, or nil after sending the visitor to
// the sign-in form.
func citizen(w http.ResponseWriter, r *http.Request) *auth.Principal {
	p := auth.From(r.Context())
	if p == nil || !p.IsCitizen() {
		http.Redirect(w, r, "/mijn", http.StatusSeeOther)
		return nil
	}
	return p
}

// home shows the citizen's tickets, or the sign-in form to a visitor.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if p == nil || !p.IsCitizen() {
		showSignIn(w, r, citizenSignIn, http.StatusOK, "", "")
		return
	}
	ts, err := h.tickets.MyTickets(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	render(w, r, listPage, http.StatusOK, newPage(w, r, "list.title", ts))
}
