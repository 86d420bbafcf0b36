package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
	"loket/ticketing"
)

// change is one write of the ticket service, at the version the form
// was read at.
type change func(ctx context.Context, p *auth.Principal, ref string, version int) error

// allowedTo is the signed-in person who may make op on tickets, or nil
// after answering: the queue pages give a role what the ticket API gives
// it.
func (q *queuePages) allowedTo(w http.ResponseWriter, r *http.Request, op ticketing.Op) *auth.Principal {
	p := q.staff(w, r)
	if p != nil && !ticketing.Permits(p, op) {
		render(w, r, queueErrorPage, http.StatusForbidden, withError(newPage(w, r, "error.title", nil), "error.forbidden"))
		return nil
	}
	return p
}

// write makes one change from a form and answers: back to the ticket on
// success, saying what was saved (post/redirect/get); the conflict page
// when the ticket changed since the form was read; the ticket page with
// the reason and what was typed when the change is refused.
func (q *queuePages) write(w http.ResponseWriter, r *http.Request, p *auth.Principal, done, anchor string, c change) {
	ref := chi.URLParam(r, "ref")
	version, err := formVersion(r)
	if err == nil {
		err = c(r.Context(), p, ref, version)
	}
	if err != nil {
		q.refused(w, r, p, ref, err)
		return
	}
	http.Redirect(w, r, ticketHref(ref)+"?gedaan="+done+"#"+anchor, http.StatusSeeOther)
}

// formVersion is the ticket's version the form carries: every form of
// the ticket page has one, so a form without it is not one of ours.
func formVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v < 1 {
		return 0, errs.E(errs.Invalid, "queue.error.version")
	}
	return v, nil
}

// refused answers a change the ticket service did not make.
func (q *queuePages) refused(w http.ResponseWriter, r *http.Request, p *auth.Principal, ref string, err error) {
	switch errs.KindOf(err) {
	case errs.Precondition:
		// Someone changed the ticket meanwhile: say so, keep what was
		// typed, and let the person look again before deciding.
		page := newPage(w, r, "queue.conflict.title", struct{ Ref, Body string }{ref, strings.TrimSpace(r.PostFormValue("body"))})
		render(w, r, queueConflictPage, http.StatusConflict, page)
	case errs.Invalid, errs.Conflict:
		q.showTicket(w, r, p, ref, httpx.Status(err), errs.MessageOf(err), r.PostForm)
	default:
		q.queueFail(w, r, missing(err))
	}
}

// queueFail shows err as a staff page: bad input and refusals in the
// visitor's language with a 4xx, anything else as a logged 500.
func (q *queuePages) queueFail(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	page := newPage(w, r, "error.title", nil)
	page.Error = errs.MessageOf(err)
	if status >= 500 {
		slog.ErrorContext(r.Context(), "page failed", "request_id", middleware.GetReqID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "err", err)
		page.Error = "error.server"
	}
	render(w, r, queueErrorPage, status, page)
}

func (q *queuePages) note(w http.ResponseWriter, r *http.Request) {
	p := q.allowedTo(w, r, ticketing.OpNote)
	if p == nil {
		return
	}
	q.write(w, r, p, "note", "timeline", func(ctx context.Context, p *auth.Principal, ref string, v int) error {
		_, err := q.tickets.Note(ctx, p, ref, v, r.PostFormValue("body"))
		return err
	})
}

// replyConfirmation is the text a reply form must carry before anything
// goes public: the box "this reply will be visible to the reporter".
const replyConfirmation = "yes"

// reply publishes a reply to the reporter and followers, but only when
// the form confirms it will be public. Without the confirmation nothing
// is sent: the confirmation step shows the text and asks.
func (q *queuePages) reply(w http.ResponseWriter, r *http.Request) {
	p := q.allowedTo(w, r, ticketing.OpReply)
	if p == nil {
		return
	}
	if r.PostFormValue("confirm") == replyConfirmation {
		q.write(w, r, p, "reply", "timeline", func(ctx context.Context, p *auth.Principal, ref string, v int) error {
			_, err := q.tickets.Reply(ctx, p, ref, v, r.PostFormValue("body"))
			return err
		})
		return
	}
	ref := chi.URLParam(r, "ref")
	version, err := formVersion(r)
	body := strings.TrimSpace(r.PostFormValue("body"))
	if err == nil && body == "" {
		err = errs.E(errs.Invalid, "queue.error.empty")
	}
	if err != nil {
		q.refused(w, r, p, ref, err)
		return
	}
	page := newPage(w, r, "queue.confirm.title", nil)
	t, err := q.tickets.Get(r.Context(), p.MunicipalityID, ref, page.Lang)
	if err != nil {
		q.queueFail(w, r, missing(err))
		return
	}
	status := http.StatusOK
	if r.PostFormValue("step") == "confirm" {
		// The confirmation step itself came back unticked.
		status, page.Error = http.StatusBadRequest, "queue.confirm.needed"
	}
	page.Data = struct {
		T       *ticketing.Ticket
		Body    string
		Version int
	}{t, body, version}
	render(w, r, queueConfirmPage, status, page)
}

// assign takes the assignment form's choice: "team:<code>" gives the
// ticket to a team, "staff:<id>" to a person (and their team).
func (q *queuePages) assign(w http.ResponseWriter, r *http.Request) {
	p := q.allowedTo(w, r, ticketing.OpAssign)
	if p == nil {
		return
	}
	q.write(w, r, p, "assign", "assign", func(ctx context.Context, p *auth.Principal, ref string, v int) error {
		var in ticketing.Assignment
		kind, value, _ := strings.Cut(r.PostFormValue("to"), ":")
		switch kind {
		case "team":
			in.Team = value
		case "staff":
			id, err := strconv.Atoi(value)
			if err != nil || id < 1 {
				return errs.E(errs.Invalid, "queue.error.assign")
			}
			in.AssigneeID = id
		}
		if in.Team == "" && in.AssigneeID == 0 {
			return errs.E(errs.Invalid, "queue.error.assign")
		}
		_, err := q.tickets.Assign(ctx, p, ref, v, in)
		return err
	})
}

// plan sets the date the work is planned for: the ticket waits on
// planning until then, as ticketing models it.
func (q *queuePages) plan(w http.ResponseWriter, r *http.Request) {
	p := q.allowedTo(w, r, ticketing.OpStatus)
	if p == nil {
		return
	}
	q.write(w, r, p, "plan", "plan", func(ctx context.Context, p *auth.Principal, ref string, v int) error {
		date := strings.TrimSpace(r.PostFormValue("date"))
		if date == "" {
			return errs.E(errs.Invalid, "queue.error.date")
		}
		_, err := q.tickets.SetStatus(ctx, p, ref, v, ticketing.StatusChange{Status: ticketing.StatusWaiting,
			WaitingOn: "planning", PlannedFor: date})
		return err
	})
}

// status moves the ticket along its lifecycle; waiting, chosen here,
// waits on the reporter (waiting on planning is the planning form's).
func (q *queuePages) status(w http.ResponseWriter, r *http.Request) {
	p := q.allowedTo(w, r, ticketing.OpStatus)
	if p == nil {
		return
	}
	q.write(w, r, p, "status", "status", func(ctx context.Context, p *auth.Principal, ref string, v int) error {
		in := ticketing.StatusChange{Status: ticketing.Status(r.PostFormValue("status"))}
		if in.Status == "" {
			return errs.E(errs.Invalid, "queue.error.nostatus")
		}
		if in.Status == ticketing.StatusWaiting {
			in.WaitingOn = "citizen"
		}
		_, err := q.tickets.SetStatus(ctx, p, ref, v, in)
		return err
	})
}
