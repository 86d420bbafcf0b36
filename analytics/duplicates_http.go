package analytics

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
	"loket/internal/httpx"
)

// duplicateReaders may see duplicate candidates: the staff roles that
// read tickets (admins hold them all). Candidates name other people's
// tickets, so citizens and machine clients may not.
var duplicateReaders = []string{auth.RoleAgent, auth.RoleStaff, auth.RoleField, auth.RoleManager}

// Routes mounts the duplicate search: the candidates of a ticket (by
// reference or id), and the check the desk runs on a draft before saving.
func (d *Duplicates) Routes(r chi.Router) {
	r.With(auth.RequireAny(duplicateReaders...)).Get("/api/tickets/{ref}/duplicates", httpx.JSON(func(r *http.Request) (any, error) {
		return d.ForTicket(r.Context(), auth.From(r.Context()).MunicipalityID, chi.URLParam(r, "ref"))
	}))
	r.With(auth.RequireAny(duplicateReaders...)).Post("/api/tickets/duplicates/check", httpx.JSON(func(r *http.Request) (any, error) {
		var in Draft
		if err := httpx.DecodeJSON(r, 1<<20, &in); err != nil {
			return nil, err
		}
		return d.Check(r.Context(), auth.From(r.Context()).MunicipalityID, in)
	}))
}
