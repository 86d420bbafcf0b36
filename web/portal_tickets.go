package web

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
)

// ticket shows one of the citizen's tickets: its progress, who handles
// it, its public timeline and the comment form. Someone else's reference
// is not found, as in the API.
func (h *Handler) ticket(w http.ResponseWriter, r *http.Request) {
	p := citizen(w, r)
	if p == nil {
		return
	}
	t, err := h.tickets.MyTicket(r.Context(), p, chi.URLParam(r, "ref"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	render(w, r, ticketPage, http.StatusOK, newPage(w, r, "ticket.title", t))
}

// comment adds the citizen's comment and shows the ticket again; a bad
// comment (empty, too long) shows the form with the reason.
func (h *Handler) comment(w http.ResponseWriter, r *http.Request) {
	p := citizen(w, r)
	if p == nil {
		return
	}
	ref := chi.URLParam(r, "ref")
	t, err := h.tickets.Comment(r.Context(), p, ref, r.PostFormValue("body"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn/meldingen/"+url.PathEscape(t.Reference), http.StatusSeeOther)
}
