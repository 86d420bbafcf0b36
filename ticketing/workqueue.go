package ticketing

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// WorkQueue selects a team's work list: the list's Filter (status,
// category, team, assignee, neighbourhood, text) plus what a work list
// asks besides. Unlike List it sorts by due date, the most urgent first,
// and pages by number, so a team can say "page 3".
type WorkQueue struct {
	Filter
	Unassigned bool // nobody is assigned yet
	Overdue    bool // open and past its due date
	Page       int  // from 1
	PerPage    int  // default 25, at most 100
}

// QueuePage is one page of a work queue. ByStatus counts the tickets the
// queue selects leaving its status out, so a filter bar can say how many
// each status would show.
type QueuePage struct {
	Tickets  []*Ticket
	ByStatus map[Status]int
	Total    int // tickets selected, over all pages
	Page     int
	Pages    int
}

// Queue returns a page of a work queue; category and team names are in
// lang.
func (s *Service) Queue(ctx context.Context, municipalityID int, lang string, q WorkQueue) (QueuePage, error) {
	if q.PerPage == 0 {
		q.PerPage = 25
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PerPage < 1 || q.PerPage > 100 || q.Page < 1 {
		return QueuePage{}, errs.E(errs.Invalid, "a queue page is numbered from 1 and holds 1 to 100 tickets")
	}
	if q.Cursor != "" || q.BBox != nil {
		return QueuePage{}, errs.E(errs.Invalid, "a work queue pages by number, within the municipality")
	}
	statuses := q.Status
	q.Status = nil
	where, args, err := q.where(municipalityID, s)
	if err != nil {
		return QueuePage{}, err
	}
	out := QueuePage{ByStatus: map[Status]int{}, Page: q.Page}
	rows, err := s.pool.Query(ctx, `SELECT t.status, count(*) FROM ticket t WHERE `+where+` GROUP BY 1`, args...)
	if err != nil {
		return out, errs.Wrap(err, errs.Internal, "counting the queue failed")
	}
	counts, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct {
		Status Status
		N      int
	}])
	if err != nil {
		return out, errs.Wrap(err, errs.Internal, "counting the queue failed")
	}
	for _, c := range counts {
		out.ByStatus[c.Status] = c.N
	}
	q.Status = statuses
	if where, args, err = q.where(municipalityID, s); err != nil {
		return out, err
	}
	for _, c := range counts {
		if len(statuses) == 0 || slices.Contains(statuses, c.Status) {
			out.Total += c.N
		}
	}
	out.Pages = max(1, (out.Total+q.PerPage-1)/q.PerPage)
	args = append(args, lang, q.PerPage, (q.Page-1)*q.PerPage)
	n := len(args)
	sql := named(ticketSelect, fmt.Sprintf("$%d", n-2)) + " WHERE " + where +
		fmt.Sprintf(" ORDER BY t.due_at ASC NULLS LAST, t.created_at, t.id LIMIT $%d OFFSET $%d", n-1, n)
	rows, err = s.pool.Query(ctx, sql, args...)
	if err != nil {
		return out, errs.Wrap(err, errs.Internal, "listing the queue failed")
	}
	out.Tickets, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Ticket, error) { return scanTicket(r) })
	if err != nil {
		return out, errs.Wrap(err, errs.Internal, "listing the queue failed")
	}
	return out, nil
}

// where is the list's selection and the queue's own conditions.
func (q WorkQueue) where(municipalityID int, s *Service) (string, []any, error) {
	where, args, err := q.Filter.Where(municipalityID)
	if err != nil {
		return "", nil, err
	}
	conds := []string{where}
	if q.Unassigned {
		conds = append(conds, "t.assignee_id IS NULL")
	}
	if q.Overdue {
		args = append(args, s.clock())
		conds = append(conds, fmt.Sprintf("t.due_at < $%d AND t.status NOT IN ('resolved', 'closed', 'rejected', 'duplicate')", len(args)))
	}
	return strings.Join(conds, " AND "), args, nil
}

// Get reads ticket ref as staff see it, internal notes included, with
// category and team named in lang.
func (s *Service) Get(ctx context.Context, municipalityID int, ref, lang string) (*Ticket, error) {
	return s.getByRef(ctx, municipalityID, ref, Language(lang), true)
}
