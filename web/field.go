package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/errs"
)

// fieldPath is the field crew's page: before a site visit, the tickets
// around a place on a map and in a list, with their histories, and a
// sheet to print.
const fieldPath = "/werk/terrein"

var fieldPage = parsePage("field/page.html")

// fieldRoutes mounts the field crew's map at /werk/terrein.
func (h *Handler) fieldRoutes(r chi.Router) {
	r.Get(fieldPath, h.field)
}

// fieldView is what the page shows.
type fieldView struct {
	Ask            fieldAsk
	Categories     []fieldCategory
	Neighbourhoods []geo.Neighbourhood
	Periods        []string
	Radii          []int
	Area           *fieldArea      // nil until a place is chosen
	Others         []geo.Candidate // the geocoder's other answers for the address
	Tickets        []*fieldTicket
	Total          int // tickets passing the filters, of which the list shows at most fieldCap
	Overview       *fieldOverview
	TileQuery      string // the filters as the map's tiles take them
	Printed        time.Time
}

// Capped says whether the list leaves tickets out.
func (v *fieldView) Capped() bool { return v.Total > len(v.Tickets) }

// PlaceFields and FilterFields are the hidden fields that keep the place
// in the filter form, and the filters in the place forms.
func (v *fieldView) PlaceFields() url.Values  { return v.Ask.placeQuery() }
func (v *fieldView) FilterFields() url.Values { return v.Ask.filterQuery() }

// FilterQuery is the filters for links the map's script builds.
func (v *fieldView) FilterQuery() string { return v.Ask.filterQuery().Encode() }

// PrintLink is the printable sheet of this view; ScreenLink goes back.
func (v *fieldView) PrintLink() string  { return v.Ask.link("print", "1") }
func (v *fieldView) ScreenLink() string { return v.Ask.link() }

// PlaceLink is the page for another address, with the same filters.
func (v *fieldView) PlaceLink(c geo.Candidate) string {
	a := v.Ask
	a.Lon, a.Lat, a.Neighbourhood, a.Address = nil, nil, "", c.Label()
	return a.link()
}

// field shows the place chooser and, once a place is chosen, the map,
// the list and the sheet. Staff and managers may look too.
func (h *Handler) field(w http.ResponseWriter, r *http.Request) {
	p := h.staffWith(w, r, auth.RoleField, auth.RoleStaff, auth.RoleManager)
	if p == nil {
		return
	}
	// The list holds internal notes: no cache keeps it.
	w.Header().Set("Cache-Control", "private, no-store")
	page := newPage(w, r, "field.title", nil)
	v, err := h.fieldView(r.Context(), p.MunicipalityID, page.Lang, r.URL.Query())
	if v == nil {
		h.fail(w, r, err)
		return
	}
	page.Data = v
	status := http.StatusOK
	if err != nil {
		// A bad parameter shows the page again with the reason, so the
		// crew can correct it where they are.
		status, page.Error = http.StatusBadRequest, errs.MessageOf(err)
		v.Ask.forget(page.Error)
	}
	render(w, r, fieldPage, status, page)
}

// fieldView builds the page for query q. Bad input gives the view without
// a place and an Invalid error; any other error gives no view.
func (h *Handler) fieldView(ctx context.Context, municipalityID int, lang string, q url.Values) (*fieldView, error) {
	cs, err := h.fieldCategories(ctx, municipalityID, lang)
	if err != nil {
		return nil, err
	}
	ns, err := h.fieldNeighbourhoods(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	v := &fieldView{Categories: cs, Neighbourhoods: ns, Periods: periodChoices, Radii: radiusChoices, Printed: now}
	v.Ask, err = parseFieldAsk(q, now)
	if err != nil {
		return v, err
	}
	v.Radii = v.Ask.radii()
	f := fieldFilter{status: v.Ask.Status, from: v.Ask.from, to: v.Ask.to}
	if v.Ask.Category != "" {
		if f.categories = codesOf(cs, v.Ask.Category); f.categories == nil {
			return v, badAsk("field.bad.category")
		}
	}
	v.TileQuery = v.Ask.tileQuery(f.categories)
	if !v.Ask.hasPlace() {
		return v, nil
	}
	v.Area, v.Others, err = h.placeOf(ctx, municipalityID, v.Ask, ns, lang)
	if err != nil {
		v.Area = nil
		if errs.KindOf(err) == errs.Invalid {
			return v, err
		}
		return nil, err
	}
	if v.Tickets, v.Total, err = h.fieldTickets(ctx, municipalityID, lang, v.Area, f); err != nil {
		return nil, err
	}
	if v.Overview, err = h.fieldOverviewOf(ctx, municipalityID, v.Area, v.Tickets); err != nil {
		return nil, err
	}
	return v, nil
}

// CategoryName is the chosen category's name, empty for all.
func (v *fieldView) CategoryName() string {
	for _, c := range v.Categories {
		if c.Code == v.Ask.Category {
			return c.Name
		}
		for _, k := range c.Children {
			if k.Code == v.Ask.Category {
				return k.Name
			}
		}
	}
	return ""
}
