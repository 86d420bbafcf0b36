package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"loket/analytics"
	"loket/geo"
	"loket/internal/auth"
	"loket/internal/errs"
	"loket/ticketing"
)

// The agents' desk at /werk/balie: a phone call to 1777 registered in
// under a minute. One form holds the whole call — the caller found in the
// population register, the category, the problem and its place — and each
// step posts all of it, so it works without JavaScript; the page's script
// runs the same steps live through the two partial routes. Register data
// is on these pages only and never kept by the browser.
var (
	deskPage     = parsePage("desk/desk.html")
	deskDonePage = parsePage("desk/done.html")
)

// deskReason is why the desk looks people up: the audit log keeps it with
// every search and read of the register.
const deskReason = "telefonische melding via 1777 (balie)"

// desk serves the desk's pages with the domain services they use.
type desk struct {
	*Handler
	register *geo.Register
	geocoder *geo.Geocoder
	dups     *analytics.Duplicates
}

// deskRoutes mounts the agents' desk at /werk/balie.
func (h *Handler) deskRoutes(r chi.Router) {
	d := &desk{Handler: h, register: geo.NewRegister(h.pool), geocoder: geo.NewGeocoder(h.pool), dups: analytics.NewDuplicates(h.pool)}
	r.Get("/werk/balie", d.start)
	r.Post("/werk/balie", d.submit)
	r.Post("/werk/balie/bellers", d.callersPart)
	r.Post("/werk/balie/controle", d.checkPart)
	r.Get("/werk/balie/gemeld/{ref}", d.done)
	r.Get("/werk/balie/gekoppeld/{ref}", d.done)
}

// agent is the signed-in agent, after marking the answer as not to be
// kept: the desk's pages hold register data.
func (d *desk) agent(w http.ResponseWriter, r *http.Request) *auth.Principal {
	w.Header().Set("Cache-Control", "no-store")
	return d.staffWith(w, r, auth.RoleAgent)
}

// start is a new call: the empty form.
func (d *desk) start(w http.ResponseWriter, r *http.Request) {
	p := d.agent(w, r)
	if p == nil {
		return
	}
	page := newPage(w, r, "desk.title", nil)
	v, _, err := d.view(r.Context(), p, page.Lang, deskForm{})
	if err != nil {
		d.fail(w, r, err)
		return
	}
	page.Data = v
	render(w, r, deskPage, http.StatusOK, page)
}

// submit runs the step whose button was pressed: search the register,
// filter the categories, check for duplicates, save a new ticket, or
// attach the call to a ticket there is.
func (d *desk) submit(w http.ResponseWriter, r *http.Request) {
	p := d.agent(w, r)
	if p == nil {
		return
	}
	ctx := r.Context()
	page := newPage(w, r, "desk.title", nil)
	f, problem := readDeskForm(r)
	v, callerProblem, err := d.view(ctx, p, page.Lang, f)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	page.Data = v
	show := func(status int, problem string) {
		page.Error = problem
		render(w, r, deskPage, status, page)
	}
	if problem = cmp.Or(problem, callerProblem); problem != "" {
		show(http.StatusBadRequest, problem)
		return
	}
	switch do := r.PostFormValue("do"); {
	case do == "search":
		if err := d.search(ctx, p, v); err != nil {
			d.fail(w, r, err)
			return
		}
		if problem := v.Problem; problem != "" {
			v.Problem = "" // said once, at the top of the page
			show(http.StatusBadRequest, problem)
			return
		}
		show(http.StatusOK, "")
	case do == "categories":
		show(http.StatusOK, "")
	case do == "check":
		if err := d.check(ctx, p, v); err != nil {
			d.fail(w, r, err)
			return
		}
		if v.Check.Problem != "" {
			show(http.StatusBadRequest, v.Check.Problem)
			return
		}
		show(http.StatusOK, "")
	case do == "save":
		ref, status, problem, err := d.save(ctx, p, v)
		switch {
		case err != nil:
			d.fail(w, r, err)
		case problem != "":
			show(status, problem)
		default:
			http.Redirect(w, r, "/werk/balie/gemeld/"+url.PathEscape(ref), http.StatusSeeOther)
		}
	case strings.HasPrefix(do, "attach:"):
		ref := strings.TrimPrefix(do, "attach:")
		status, problem, err := d.attach(ctx, p, v, ref)
		switch {
		case err != nil:
			d.fail(w, r, err)
		case problem != "":
			show(status, problem)
		default:
			http.Redirect(w, r, "/werk/balie/gekoppeld/"+url.PathEscape(ref), http.StatusSeeOther)
		}
	default:
		show(http.StatusBadRequest, "desk.err.action")
	}
}

// view builds the page's data from the form: the categories and the
// picked caller, read again from the register. The string is the message
// key of a caller that cannot be read.
func (d *desk) view(ctx context.Context, p *auth.Principal, lang string, f deskForm) (*deskView, string, error) {
	v := &deskView{Form: f}
	all, err := d.tickets.Categories(ctx, p.MunicipalityID)
	if err != nil {
		return nil, "", err
	}
	v.setCategories(all, lang)
	if f.ResidentID == 0 {
		return v, "", nil
	}
	res, err := d.register.Resident(ctx, p.MunicipalityID, p.StaffID, f.ResidentID, deskReason)
	if errs.KindOf(err) == errs.NotFound {
		v.Form.ResidentID = 0
		return v, "desk.err.caller", nil
	}
	if err != nil {
		return nil, "", err
	}
	c := callerOf(res)
	v.Caller, v.Callers = &c, []callerView{c}
	return v, "", nil
}

// deskDone is the reference page: the ticket and whether the call was
// attached to it rather than filed as a new one.
type deskDone struct {
	Ticket   *ticketing.Ticket
	Attached bool
}

// done shows the reference to read back to the caller, and the way to
// the next call.
func (d *desk) done(w http.ResponseWriter, r *http.Request) {
	p := d.agent(w, r)
	if p == nil {
		return
	}
	attached := strings.HasPrefix(r.URL.Path, "/werk/balie/gekoppeld/")
	title := "desk.done.title"
	if attached {
		title = "desk.attached.title"
	}
	page := newPage(w, r, title, nil)
	t, err := d.tickets.StaffTicket(r.Context(), p, chi.URLParam(r, "ref"), page.Lang)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	page.Data = deskDone{Ticket: t, Attached: attached}
	render(w, r, deskDonePage, http.StatusOK, page)
}
