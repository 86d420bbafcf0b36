package web

import (
	"html/template"
	"net/http"
	"path"

	"github.com/go-chi/chi/v5"

	"loket/analytics"
	"loket/internal/auth"
)

// queuePages are the staff's queue and ticket pages: the team's open
// tickets at /werk/wachtrij and one ticket at /werk/meldingen/{ref}, with
// forms for notes, replies, assignment, planning, status and merging.
// Every change goes through the ticket service with the version the form
// was read at, so a form gone stale is refused instead of overwriting.
type queuePages struct {
	*Handler
	duplicates *analytics.Duplicates
}

// queueRoles may open the queue pages: the back office, and managers
// looking over their shoulder (admins hold both).
var queueRoles = []string{auth.RoleStaff, auth.RoleManager}

var (
	queueListPage     = parseQueuePage("queue/list.html")
	queueTicketPage   = parseQueuePage("queue/ticket.html")
	queueConfirmPage  = parseQueuePage("queue/confirm.html")
	queueMergePage    = parseQueuePage("queue/merge.html")
	queueConflictPage = parseQueuePage("queue/conflict.html")
	queueErrorPage    = parseQueuePage("queue/error.html")
)

// parseQueuePage is parsePage with the queue's own template helpers.
func parseQueuePage(name string) *template.Template {
	return template.Must(template.New(path.Base(name)).Funcs(pageFuncs).Funcs(queueFuncs).
		ParseFS(templateFiles, "templates/layout/*.html", "templates/"+name))
}

// queueRoutes mounts the staff's queue and ticket pages at /werk/wachtrij.
func (h *Handler) queueRoutes(r chi.Router) {
	q := &queuePages{Handler: h, duplicates: analytics.NewDuplicates(h.pool)}
	r.Get("/werk/wachtrij", q.list)
	r.Get("/werk/meldingen/{ref}", q.ticket)
	r.Post("/werk/meldingen/{ref}/nota", q.note)
	r.Post("/werk/meldingen/{ref}/antwoord", q.reply)
	r.Post("/werk/meldingen/{ref}/toewijzing", q.assign)
	r.Post("/werk/meldingen/{ref}/planning", q.plan)
	r.Post("/werk/meldingen/{ref}/status", q.status)
	r.Get("/werk/meldingen/{ref}/samenvoegen", q.mergeForm)
	r.Post("/werk/meldingen/{ref}/samenvoegen", q.merge)
}

// staff is the signed-in person who may use the queue pages, or nil
// after answering. The pages show reporters and internal notes: no
// cache may keep them.
func (q *queuePages) staff(w http.ResponseWriter, r *http.Request) *auth.Principal {
	p := q.staffWith(w, r, queueRoles...)
	if p != nil {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	return p
}

// list shows the queue with the filters of the query string.
func (q *queuePages) list(w http.ResponseWriter, r *http.Request) {
	p := q.staff(w, r)
	if p == nil {
		return
	}
	page := newPage(w, r, "queue.title", nil)
	v, err := q.queueView(r, p, page.Lang)
	if err != nil {
		q.queueFail(w, r, err)
		return
	}
	page.Data = v
	render(w, r, queueListPage, http.StatusOK, page)
}
