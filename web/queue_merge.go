package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/ticketing"
)

// mergeForm asks to confirm merging the ticket into the one picked from
// its duplicate candidates, showing both side by side.
func (q *queuePages) mergeForm(w http.ResponseWriter, r *http.Request) {
	p := q.allowedTo(w, r, ticketing.OpMerge)
	if p == nil {
		return
	}
	ref, into := chi.URLParam(r, "ref"), strings.TrimSpace(r.URL.Query().Get("into"))
	page := newPage(w, r, "queue.merge.title", nil)
	t, err := q.tickets.Get(r.Context(), p.MunicipalityID, ref, page.Lang)
	if err != nil {
		q.queueFail(w, r, missing(err))
		return
	}
	if into == "" || into == ref {
		q.showTicket(w, r, p, ref, http.StatusBadRequest, "queue.error.into", nil)
		return
	}
	master, err := q.tickets.Get(r.Context(), p.MunicipalityID, into, page.Lang)
	if errs.KindOf(err) == errs.NotFound {
		q.showTicket(w, r, p, ref, http.StatusBadRequest, "queue.error.into", nil)
		return
	}
	if err != nil {
		q.queueFail(w, r, err)
		return
	}
	page.Data = struct{ T, Master *ticketing.Ticket }{t, master}
	render(w, r, queueMergePage, http.StatusOK, page)
}

// merge closes the ticket as a duplicate of the one confirmed.
func (q *queuePages) merge(w http.ResponseWriter, r *http.Request) {
	p := q.allowedTo(w, r, ticketing.OpMerge)
	if p == nil {
		return
	}
	q.write(w, r, p, "merge", "timeline", func(ctx context.Context, p *auth.Principal, ref string, v int) error {
		into := strings.TrimSpace(r.PostFormValue("into"))
		if into == "" {
			return errs.E(errs.Invalid, "queue.error.into")
		}
		_, err := q.tickets.Merge(ctx, p, ref, v, into)
		return err
	})
}
