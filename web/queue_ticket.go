package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/go-chi/chi/v5"

	"loket/analytics"
	"loket/internal/auth"
	"loket/internal/errs"
	"loket/ticketing"
)

// ticketView is what the staff's ticket page shows: the ticket with its
// whole timeline, the forms the person's roles allow, and the tickets it
// may repeat.
type ticketView struct {
	T          *ticketing.Ticket
	Overdue    bool
	Events     []eventView
	Teams      []teamInfo
	AssignedTo string // the assignment form's current choice
	Moves      []ticketing.Status
	Today      string // the earliest date a visit can be planned
	Duplicates *analytics.Answer
	NoSearch   string // a catalogue key: why no duplicates are looked for
	Form       url.Values
	Done       string // a catalogue key: the change just saved

	// The forms shown: what the person's roles allow on a ticket in its
	// status.
	CanNote, CanReply, CanAssign, CanPlan, CanMove, CanMerge bool
}

// eventView is one line of the timeline as staff read it. Internal lines
// are marked in words as well as in colour.
type eventView struct {
	ticketing.Event
	Internal bool
	Label    string // what happened
	Detail   string // the change it made, in words
	Link     string // a ticket it names
}

// doneKeys are the changes a ticket page can confirm after a redirect.
var doneKeys = []string{"note", "reply", "assign", "plan", "status", "merge"}

func ticketHref(ref string) string { return "/werk/meldingen/" + url.PathEscape(ref) }

// ticket shows one ticket to staff.
func (q *queuePages) ticket(w http.ResponseWriter, r *http.Request) {
	p := q.staff(w, r)
	if p == nil {
		return
	}
	q.showTicket(w, r, p, chi.URLParam(r, "ref"), http.StatusOK, "", nil)
}

// showTicket renders the ticket page with status; problem (a catalogue
// key or a message of the ticket service) says why a form was refused,
// and form holds what was typed, so it is not lost.
func (q *queuePages) showTicket(w http.ResponseWriter, r *http.Request, p *auth.Principal, ref string, status int, problem string, form url.Values) {
	ctx := r.Context()
	page := newPage(w, r, "queue.ticket.title", nil)
	t, err := q.tickets.Get(ctx, p.MunicipalityID, ref, page.Lang)
	if err != nil {
		q.queueFail(w, r, missing(err))
		return
	}
	dir, err := q.directory(ctx, p.MunicipalityID, page.Lang)
	if err != nil {
		q.queueFail(w, r, err)
		return
	}
	now := time.Now()
	v := ticketView{T: t, Overdue: overdue(t, now), Teams: dir.Teams, Form: form,
		Today:   now.In(brussels).Format(time.DateOnly),
		CanNote: ticketing.Permits(p, ticketing.OpNote), CanReply: ticketing.Permits(p, ticketing.OpReply),
		CanAssign: ticketing.Permits(p, ticketing.OpAssign) && t.Status.Open(),
		CanMerge:  ticketing.Permits(p, ticketing.OpMerge) && t.Status.Open()}
	if ticketing.Permits(p, ticketing.OpStatus) {
		v.Moves = ticketing.Allowed(t.Status)
		v.CanMove = len(v.Moves) > 0
		v.CanPlan = slices.Contains(v.Moves, ticketing.StatusWaiting)
	}
	switch {
	case t.Assignee != nil:
		v.AssignedTo = fmt.Sprintf("staff:%d", t.Assignee.ID)
	case t.Team != nil:
		v.AssignedTo = "team:" + t.Team.Code
	}
	for _, e := range t.Events {
		v.Events = append(v.Events, describe(e, page.Lang, dir))
	}
	if d := r.URL.Query().Get("gedaan"); slices.Contains(doneKeys, d) {
		v.Done = "queue.done." + d
	}
	switch {
	case !t.Status.Open():
		v.NoSearch = "queue.dup.closed"
	case t.Location == nil:
		v.NoSearch = "queue.dup.unplaced"
	default:
		a, err := q.duplicates.ForTicket(ctx, p.MunicipalityID, t.Reference)
		if err != nil {
			q.queueFail(w, r, err)
			return
		}
		v.Duplicates = &a
	}
	page.Data, page.Error = v, problem
	render(w, r, queueTicketPage, status, page)
}

// missing names a ticket that is not there in the page's words.
func missing(err error) error {
	if errs.KindOf(err) == errs.NotFound {
		return errs.Wrap(err, errs.NotFound, "queue.error.notfound")
	}
	return err
}

// describe puts an event's change in words: statuses, the team and the
// person assigned, the planned date, the merged tickets.
func describe(e ticketing.Event, lang string, dir staffDirectory) eventView {
	v := eventView{Event: e, Internal: e.Visibility == ticketing.Internal, Label: translate(lang, "queue.event."+e.Kind)}
	if v.Label == "queue.event."+e.Kind {
		v.Label = e.Kind
	}
	status := func(s ticketing.Status) string { return translate(lang, "status."+string(s)) }
	if e.FromStatus != "" && e.ToStatus != "" {
		v.Detail = status(e.FromStatus) + " → " + status(e.ToStatus)
	}
	add := func(s string) {
		if v.Detail != "" {
			v.Detail += " · "
		}
		v.Detail += s
	}
	switch e.Kind {
	case "created":
		if ch, ok := e.Data["channel"].(string); ok {
			add(translate(lang, "queue.via") + " " + translate(lang, "channel."+ch))
		}
	case "status":
		if on, ok := e.Data["waiting_on"].(string); ok && on == "citizen" {
			add(translate(lang, "queue.waiting.citizen"))
		}
	case "planning":
		if d, ok := e.Data["planned_for"].(string); ok {
			add(translate(lang, "queue.planned") + " " + isoDay(d))
		}
	case "assignment":
		if t := dir.team(number(e.Data["team_id"])); t != nil {
			add(t.Name)
		}
		if m := dir.member(number(e.Data["assignee_id"])); m != nil {
			add(m.Name)
		}
	case "merge":
		if ref, ok := e.Data["merged"].(string); ok {
			add(translate(lang, "queue.merged.from"))
			v.Link = ref
		}
		if ref, ok := e.Data["master_reference"].(string); ok {
			add(translate(lang, "queue.merged.into"))
			v.Link = ref
		}
	}
	return v
}

// number reads an id from an event's JSON data.
func number(v any) int {
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return 0
}

// isoDay shows a YYYY-MM-DD date as the city writes dates.
func isoDay(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return d.Format("02/01/2006")
}

var queueFuncs = template.FuncMap{
	"isoDay": func(s *string) string {
		if s == nil {
			return ""
		}
		return isoDay(*s)
	},
	"ticketHref": ticketHref,
	"percent":    func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	// merging hands a side of the merge page the page's language.
	"merging": func(p Page, t *ticketing.Ticket, role string) mergeSide { return mergeSide{p, t, role} },
}

type mergeSide struct {
	Page Page
	T    *ticketing.Ticket
	Role string
}
