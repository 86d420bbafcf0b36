package web

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

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

// create files the citizen's request at the pin on the map or at the
// address, which the ticket service geocodes; it refuses a place outside
// the municipality or an address it cannot place.
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
	// A pin on the map says where more exactly than an address.
	if lon, lat := r.PostFormValue("lon"), r.PostFormValue("lat"); lon != "" || lat != "" {
		x, errX := strconv.ParseFloat(lon, 64)
		y, errY := strconv.ParseFloat(lat, 64)
		if errX != nil || errY != nil || math.IsNaN(x) || math.IsNaN(y) {
			h.showNew(w, r, http.StatusBadRequest, r.PostForm, "new.pin.bad")
			return
		}
		in.Where = geo.Where{Point: &geo.Point{X: x, Y: y}}
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
// lang and in the alphabetical order of that language.
func (h *Handler) categories(ctx context.Context, municipalityID int, lang string) ([]choice, error) {
	all, err := h.tickets.Categories(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	cs := make([]choice, len(all))
	for i, c := range all {
		cs[i] = choice{Code: c.Code, Name: c.Name(lang)}
	}
	order := collate.New(language.Make(lang), collate.IgnoreCase)
	slices.SortStableFunc(cs, func(a, b choice) int { return order.CompareString(a.Name, b.Name) })
	return cs, nil
}
