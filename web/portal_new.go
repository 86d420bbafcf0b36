package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"

	"loket/geo"
	"loket/internal/errs"
	"loket/ticketing"
)

// newRequest is what the new-request form shows: the categories and, after
// a refused attempt, what the citizen typed.
type newRequest struct {
	Categories []choice
	Form       url.Values
}

type choice struct{ Code, Name string }

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	p := citizen(w, r)
	if p == nil {
		return
	}
	h.showNew(w, r, http.StatusOK, nil, "")
}

// create files the citizen's request; the address text is geocoded by the
// ticket service, which refuses an address it cannot place.
func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	p := citizen(w, r)
	if p == nil {
		return
	}
	lang := pickLanguage(w, r)
	in := ticketing.NewTicket{
		Category:    r.PostFormValue("category"),
		Description: r.PostFormValue("description"),
		Where:       geo.Where{Text: strings.TrimSpace(r.PostFormValue("address"))},
		MediaURL:    strings.TrimSpace(r.PostFormValue("photo")),
		Language:    lang,
	}
	t, err := h.tickets.Create(r.Context(), p, in)
	if err != nil {
		if k := errs.KindOf(err); k == errs.Invalid || k == errs.NotFound {
			h.showNew(w, r, http.StatusBadRequest, r.PostForm, errs.MessageOf(err))
			return
		}
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn/meldingen/"+url.PathEscape(t.Reference), http.StatusSeeOther)
}

func (h *Handler) showNew(w http.ResponseWriter, r *http.Request, status int, form url.Values, problem string) {
	page := newPage(w, r, "new.title", nil)
	cs, err := h.categories(r.Context(), page.Person.MunicipalityID, page.Lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Data, page.Error = newRequest{Categories: cs, Form: form}, problem
	render(w, r, newPageTpl, status, page)
}

// categories lists the active categories a citizen can choose, named in
// lang. It is a read of names only; the rules about categories stay in
// ticketing.
func (h *Handler) categories(ctx context.Context, municipalityID int, lang string) ([]choice, error) {
	rows, err := h.pool.Query(ctx, `
		SELECT code, CASE $2 WHEN 'fr' THEN name_fr WHEN 'en' THEN name_en ELSE name_nl END AS name
		FROM category WHERE municipality_id = $1 AND active ORDER BY 2, 1`, municipalityID, lang)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing categories failed")
	}
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[choice])
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing categories failed")
	}
	return cs, nil
}
