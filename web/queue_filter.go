package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/ticketing"
)

// everyStatus is the lifecycle in its order; the first five still need
// work and make the default queue.
var everyStatus = []ticketing.Status{ticketing.StatusNew, ticketing.StatusTriaged, ticketing.StatusAssigned,
	ticketing.StatusInProgress, ticketing.StatusWaiting, ticketing.StatusResolved, ticketing.StatusClosed,
	ticketing.StatusRejected, ticketing.StatusDuplicate}

var openStatuses = everyStatus[:5]

// queueForm is the queue's filters as chosen, to show them again and to
// build the links of the filter bar and the pages. Status is "open"
// (the default), "all" or a status; Team a team's code or "all".
type queueForm struct {
	Status, Team, Assignee, Category, Neighbourhood, Text string
	Overdue                                               bool
	Page                                                  int
}

// href is the queue with these filters.
func (f queueForm) href() string {
	v := url.Values{}
	for k, s := range map[string]string{"status": f.Status, "team": f.Team, "assignee": f.Assignee,
		"category": f.Category, "neighbourhood": f.Neighbourhood, "q": f.Text} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Overdue {
		v.Set("overdue", "1")
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return "/werk/wachtrij?" + v.Encode()
}

// queueView is what the queue page shows.
type queueView struct {
	Form           queueForm
	Result         ticketing.QueuePage
	Rows           []queueRow
	Counts         []statusLink
	Statuses       []ticketing.Status
	Teams          []teamInfo
	Members        []memberInfo // the assignee choices: the chosen team's, or everyone's
	Categories     []choice
	Neighbourhoods []choice
	Prev, Next     string
}

// statusLink is one count of the filter bar: Key is "open", "all" or a
// status.
type statusLink struct {
	Key     string
	Count   int
	Href    string
	Current bool
}

type queueRow struct {
	*ticketing.Ticket
	Overdue bool
}

// overdue reports whether t is still open past its due date.
func overdue(t *ticketing.Ticket, now time.Time) bool {
	return t.DueAt != nil && t.DueAt.Before(now) && t.Status.Open()
}

// queueView reads the filters of r's query string and the page of the
// queue they select. Without filters it is the open tickets of p's team.
func (q *queuePages) queueView(r *http.Request, p *auth.Principal, lang string) (queueView, error) {
	ctx := r.Context()
	var v queueView
	dir, err := q.directory(ctx, p.MunicipalityID, lang)
	if err != nil {
		return v, err
	}
	if v.Categories, err = q.categories(ctx, p.MunicipalityID, lang); err != nil {
		return v, err
	}
	if v.Neighbourhoods, err = q.neighbourhoods(ctx, p.MunicipalityID); err != nil {
		return v, err
	}
	v.Teams, v.Statuses = dir.Teams, everyStatus
	f, wq, err := parseQueue(r.URL.Query(), p, dir, v.Categories, v.Neighbourhoods)
	if err != nil {
		return v, err
	}
	v.Form = f
	if t := dir.teamByCode(f.Team); t != nil {
		v.Members = t.Members
	} else {
		for _, t := range dir.Teams {
			v.Members = append(v.Members, t.Members...)
		}
	}
	if v.Result, err = q.tickets.Queue(ctx, p.MunicipalityID, lang, wq); err != nil {
		return v, err
	}
	if wq.Page > v.Result.Pages {
		return v, errs.E(errs.NotFound, "queue.error.nopage")
	}
	now := time.Now()
	for _, t := range v.Result.Tickets {
		v.Rows = append(v.Rows, queueRow{Ticket: t, Overdue: overdue(t, now)})
	}
	v.Counts = statusCounts(f, v.Result.ByStatus)
	if f.Page > 1 {
		prev := f
		prev.Page--
		v.Prev = prev.href()
	}
	if f.Page < v.Result.Pages {
		next := f
		next.Page++
		v.Next = next.href()
	}
	return v, nil
}

// statusCounts is the filter bar: the open tickets, all tickets and each
// status, counted under the other filters.
func statusCounts(f queueForm, by map[ticketing.Status]int) []statusLink {
	link := func(key string, n int) statusLink {
		g := f
		g.Status, g.Page = key, 1
		return statusLink{Key: key, Count: n, Href: g.href(), Current: f.Status == key}
	}
	open, all := 0, 0
	for _, s := range everyStatus {
		all += by[s]
		if s.Open() {
			open += by[s]
		}
	}
	out := []statusLink{link("open", open), link("all", all)}
	for _, s := range everyStatus {
		out = append(out, link(string(s), by[s]))
	}
	return out
}

// maxQueryText bounds the search words: a search, not a document.
const maxQueryText = 200

// parseQueue reads the queue's query parameters: status (open, all or a
// status), team (a code, or all; default the person's own team),
// assignee (mine, unassigned or a staff id), category, neighbourhood,
// overdue, q (words of the description) and page. A value that names
// nothing known is refused, so a typo is not read as "no filter"; the
// reasons are catalogue keys.
func parseQueue(in url.Values, p *auth.Principal, dir staffDirectory, categories, neighbourhoods []choice) (queueForm, ticketing.WorkQueue, error) {
	f := queueForm{Status: in.Get("status"), Team: in.Get("team"), Assignee: in.Get("assignee"),
		Category: in.Get("category"), Neighbourhood: in.Get("neighbourhood"), Text: strings.TrimSpace(in.Get("q")), Page: 1}
	var wq ticketing.WorkQueue
	switch f.Status {
	case "", "open":
		f.Status, wq.Status = "open", openStatuses
	case "all":
	default:
		if !slices.Contains(everyStatus, ticketing.Status(f.Status)) {
			return f, wq, errs.E(errs.Invalid, "queue.error.status")
		}
		wq.Status = []ticketing.Status{ticketing.Status(f.Status)}
	}
	switch {
	case f.Team == "" && p.TeamID != nil && dir.team(*p.TeamID) != nil:
		f.Team = dir.team(*p.TeamID).Code
	case f.Team == "" || f.Team == "all":
		f.Team = "all"
	case dir.teamByCode(f.Team) == nil:
		return f, wq, errs.E(errs.Invalid, "queue.error.team")
	}
	if f.Team != "all" {
		wq.Team = f.Team
	}
	switch f.Assignee {
	case "":
	case "mine":
		wq.AssigneeID = p.StaffID
	case "unassigned":
		wq.Unassigned = true
	default:
		id, err := strconv.Atoi(f.Assignee)
		if err != nil || id < 1 || dir.member(id) == nil {
			return f, wq, errs.E(errs.Invalid, "queue.error.assignee")
		}
		wq.AssigneeID = id
	}
	if f.Category != "" && !slices.ContainsFunc(categories, func(c choice) bool { return c.Code == f.Category }) {
		return f, wq, errs.E(errs.Invalid, "queue.error.category")
	}
	if f.Neighbourhood != "" && !slices.ContainsFunc(neighbourhoods, func(c choice) bool { return c.Code == f.Neighbourhood }) {
		return f, wq, errs.E(errs.Invalid, "queue.error.neighbourhood")
	}
	wq.Category, wq.Neighbourhood = f.Category, f.Neighbourhood
	switch in.Get("overdue") {
	case "":
	case "1", "on", "true":
		f.Overdue, wq.Overdue = true, true
	default:
		return f, wq, errs.E(errs.Invalid, "queue.error.overdue")
	}
	if !utf8.ValidString(f.Text) || utf8.RuneCountInString(f.Text) > maxQueryText {
		return f, wq, errs.E(errs.Invalid, "queue.error.text")
	}
	wq.Text = f.Text
	if s := in.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100000 {
			return f, wq, errs.E(errs.Invalid, "queue.error.page")
		}
		f.Page = n
	}
	wq.Page = f.Page
	return f, wq, nil
}
