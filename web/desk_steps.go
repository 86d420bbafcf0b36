package web

import (
	"cmp"
	"context"
	"net/http"
	"strings"

	"loket/analytics"
	"loket/geo"
	"loket/internal/auth"
	"loket/internal/errs"
	"loket/ticketing"
)

// The desk's steps over the domain: each reuses the function the API
// runs for the same thing (the register's look-up, the geocoder, the
// duplicate check, ticket intake).

// search looks the caller up in the register by name (and birth year);
// the picked caller stays on the list.
func (d *desk) search(ctx context.Context, p *auth.Principal, v *deskView) error {
	v.Searched = true
	year, ok := v.Form.birthYear()
	if !ok {
		v.Problem = "desk.err.birthyear"
		return nil
	}
	found, err := d.register.Lookup(ctx, p.MunicipalityID, p.StaffID, geo.ResidentQuery{Name: v.Form.Name, BirthYear: year, Reason: deskReason})
	if errs.KindOf(err) == errs.Invalid {
		v.Problem = "desk.err.name"
		if year != 0 && strings.Contains(errs.MessageOf(err), "birth year") {
			v.Problem = "desk.err.birthyear"
		}
		return nil
	}
	if err != nil {
		return err
	}
	callers := v.Callers
	for _, r := range found {
		if v.Caller == nil || r.ID != v.Caller.ID {
			callers = append(callers, callerOf(r))
		}
	}
	v.Callers = callers
	return nil
}

// check places the draft and lists the tickets it may repeat. What the
// check still needs (a category, a place that can be found) is a problem
// to show, not an error.
func (d *desk) check(ctx context.Context, p *auth.Principal, v *deskView) error {
	c := &deskCheck{}
	v.Check = c
	f := &v.Form
	switch {
	case f.Category == "":
		c.Problem = "desk.err.category"
		return nil
	case !v.knownCategory(f.Category):
		c.Problem = "desk.err.category.unknown"
		return nil
	}
	where, problem := f.where(v.Caller)
	if problem != "" {
		c.Problem = problem
		return nil
	}
	pl, err := d.geocoder.Place(ctx, p.MunicipalityID, where)
	if errs.KindOf(err) == errs.Invalid {
		c.Problem = "desk.err.address"
		if where.Point != nil {
			c.Problem = "desk.err.outside"
		}
		return nil
	}
	if err != nil {
		return err
	}
	c.Place, c.Lon, c.Lat = pl.AddressText, pl.Lon, pl.Lat
	draft := analytics.Draft{Category: f.Category, Description: f.Description}
	if where.Point == nil && pl.AddressID != 0 {
		draft.AddressID = pl.AddressID
	} else {
		draft.Point = &analytics.DraftPoint{Lon: &pl.Lon, Lat: &pl.Lat}
	}
	if v.Caller != nil {
		draft.Reporter = &analytics.DraftReporter{ResidentID: v.Caller.ID, Email: f.Email}
	}
	a, err := d.dups.Check(ctx, p.MunicipalityID, draft)
	if errs.KindOf(err) == errs.Invalid {
		c.Problem = errs.MessageOf(err)
		return nil
	}
	if err != nil {
		return err
	}
	c.RadiusM = a.RadiusM
	refs := make([]string, len(a.Candidates))
	for i, k := range a.Candidates {
		refs[i] = k.Reference
	}
	places, err := d.tickets.Places(ctx, p.MunicipalityID, refs)
	if err != nil {
		return err
	}
	for i, k := range a.Candidates {
		cv := candidateView{N: i + 1, Ref: k.Reference, Category: cmp.Or(v.names[k.Category], k.Category), Status: k.Status,
			DistanceM: int(k.DistanceM + 0.5), Created: k.CreatedAt, Likely: k.Likely, Open: ticketing.Status(k.Status).Open()}
		if l, ok := places[k.Reference]; ok {
			cv.Placed, cv.Lon, cv.Lat = true, l.Lon, l.Lat
		}
		c.Candidates = append(c.Candidates, cv)
	}
	return nil
}

// save files the call as a new phone ticket reported by the caller. It
// checks first, so a refused save shows the duplicates too. A problem
// comes with its status; the reference is that of the new ticket.
func (d *desk) save(ctx context.Context, p *auth.Principal, v *deskView) (string, int, string, error) {
	if err := d.check(ctx, p, v); err != nil {
		return "", 0, "", err
	}
	f := v.Form
	switch {
	case f.Description == "":
		return "", http.StatusBadRequest, "desk.err.description", nil
	case v.Check.Problem != "":
		return "", http.StatusBadRequest, v.Check.Problem, nil
	}
	where, _ := f.where(v.Caller)
	t, err := d.tickets.Create(ctx, p, ticketing.NewTicket{Channel: ticketing.ChannelPhone, Category: f.Category,
		Description: f.Description, Where: where, Reporter: f.reporter(v.Caller)})
	if k := errs.KindOf(err); k == errs.Invalid || k == errs.NotFound {
		return "", http.StatusBadRequest, errs.MessageOf(err), nil
	}
	if err != nil {
		return "", 0, "", err
	}
	return t.Reference, 0, "", nil
}

// attach adds the caller to ticket ref as one more reporter; what they
// said goes with it as a note.
func (d *desk) attach(ctx context.Context, p *auth.Principal, v *deskView, ref string) (int, string, error) {
	r := v.Form.reporter(v.Caller)
	if r == nil {
		return http.StatusBadRequest, "desk.err.attach.who", nil
	}
	_, err := d.tickets.AddReporter(ctx, p, ref, ticketing.ChannelPhone, *r, v.Form.Description)
	switch errs.KindOf(err) {
	case errs.NotFound:
		return http.StatusBadRequest, "desk.err.attach.unknown", nil
	case errs.Conflict:
		return http.StatusConflict, "desk.err.attach.closed", nil
	case errs.Invalid:
		return http.StatusBadRequest, errs.MessageOf(err), nil
	}
	if err != nil {
		return 0, "", err
	}
	return 0, "", nil
}
