package ticketing

import (
	"context"
	"encoding/base64"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// Filter selects tickets for a staff list. Empty fields select all.
type Filter struct {
	Status        []Status
	Category      string // code
	Team          string // code
	AssigneeID    int
	Neighbourhood string      // code
	BBox          *[4]float64 // west, south, east, north (WGS84)
	CreatedFrom   *time.Time
	CreatedTo     *time.Time
	UpdatedFrom   *time.Time
	UpdatedTo     *time.Time
	Text          string // words in the description
	Cursor        string // from the previous page
	Limit         int    // default 50, at most 500
}

// Page is one page of a list; Next is the cursor of the following page,
// empty on the last.
type Page struct {
	Tickets []*Ticket `json:"tickets"`
	Next    string    `json:"next,omitempty"`
}

// List returns a page of tickets, most recently changed first. Pages are
// cut by (updated_at, id), so a ticket changed while paging moves to the
// front instead of shifting every page after it.
func (s *Service) List(ctx context.Context, municipalityID int, f Filter) (_ Page, err error) {
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > 500 {
		return Page{}, errs.E(errs.Invalid, "limit must be 1 to 500")
	}
	text := strings.TrimSpace(f.Text)
	walk, walkRows := false, 0
	if text != "" {
		if walk, walkRows, err = s.walkWords(ctx, municipalityID, text, f.Limit); err != nil {
			return Page{}, err
		}
	}
	where, args, err := f.Where(municipalityID)
	if err != nil {
		return Page{}, err
	}
	if where, args, err = f.after(where, args); err != nil {
		return Page{}, err
	}
	sel := named(ticketSelect, "'nl'")
	sorted := sel + " WHERE " + where + newestFirst + fmt.Sprintf(" LIMIT $%d", len(args)+1)
	args = append(args, f.Limit+1)
	var ts []*Ticket
	// One snapshot: a walked page is read again by id.
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	err = pgx.BeginTxFunc(ctx, s.pool, opts, func(tx pgx.Tx) error {
		sql, sqlArgs := sorted, args
		if walk {
			ids, err := walkPage(ctx, tx, municipalityID, f, walkRows)
			if err != nil {
				return err
			}
			if len(ids) > f.Limit {
				sql, sqlArgs = sel+" WHERE t.municipality_id = $1 AND t.id = ANY($2)"+newestFirst, []any{municipalityID, ids}
			} else if f.onlyWords() {
				// Too few matches among the newest tickets: the words are
				// rare, and their matches are sorted (below) from now on.
				s.words.put(wordsKeyOf(municipalityID, text), false, s.clock())
			}
		}
		rows, err := tx.Query(ctx, sql, sqlArgs...)
		if err != nil {
			return err
		}
		ts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Ticket, error) { return scanTicket(r) })
		return err
	})
	if err != nil {
		return Page{}, errs.Wrap(err, errs.Internal, "listing tickets failed")
	}
	page := Page{Tickets: ts}
	if len(ts) > f.Limit {
		last := ts[f.Limit-1]
		page.Tickets, page.Next = ts[:f.Limit], encodeCursor(last.UpdatedAt, last.id)
	}
	return page, nil
}

// newestFirst is the list's order, the order of ticket_updated_idx.
const newestFirst = " ORDER BY t.updated_at DESC, t.id DESC"

// walkPage finds the ids of a page of tickets that match f's common
// words by walking the tickets newest first, reading at most rows of
// them: fewer ids than a page and one mean the words are rarer than they
// looked (see walkWords). The planner, not knowing the matches are spread
// evenly over time, would rather collect and sort them all: with several
// words ("Sint-Janslaan" is three lexemes) it takes them for rare, and
// without sorts off it read every ticket through another index to sort
// them (10 s at ten million). Only ids, so that the walk reads the words
// from the index (ticket_updated_idx includes them) and no ticket's row.
func walkPage(ctx context.Context, tx pgx.Tx, municipalityID int, f Filter, rows int) ([]int64, error) {
	others := f
	others.Text = ""
	where, args, err := others.Where(municipalityID)
	if err != nil {
		return nil, err
	}
	if where, args, err = f.after(where, args); err != nil {
		return nil, err
	}
	args = append(args, rows, strings.TrimSpace(f.Text), f.Limit+1)
	n := len(args)
	sql := fmt.Sprintf(`SELECT t.id FROM (SELECT t.id, t.updated_at, t.description_words FROM ticket t
		WHERE %s%s LIMIT $%d) t
		WHERE t.description_words @@ plainto_tsquery('simple', $%d)%s LIMIT $%d`, where, newestFirst, n-2, n-1, newestFirst, n)
	if _, err := tx.Exec(ctx, `SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off`); err != nil {
		return nil, err
	}
	res, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(res, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	// The page's rows are then read by id and sorted as usual.
	_, err = tx.Exec(ctx, `SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on; SET LOCAL enable_sort = on`)
	return ids, err
}

// after adds the condition of f's cursor to where: the tickets after the
// previous page.
func (f Filter) after(where string, args []any) (string, []any, error) {
	if f.Cursor == "" {
		return where, args, nil
	}
	at, id, err := decodeCursor(f.Cursor)
	if err != nil {
		return "", nil, err
	}
	args = append(args, at, id)
	return where + fmt.Sprintf(" AND (t.updated_at, t.id) < ($%d::timestamptz, $%d::bigint)", len(args)-1, len(args)), args, nil
}

// onlyWords is whether f selects by its words alone, on the first page:
// what a walk finds then holds for the words whatever else is asked.
func (f Filter) onlyWords() bool {
	rest := f
	rest.Text, rest.Limit = "", 0
	return reflect.ValueOf(rest).IsZero()
}

// Where is f's selection as SQL conditions on the ticket t, with $1 the
// municipality and the values in args; codes are looked up in subqueries,
// so the conditions need no joins and other readers (the exports) select
// exactly the tickets the list does. Cursor and Limit are the list's own.
func (f Filter) Where(municipalityID int) (string, []any, error) {
	q := []string{"t.municipality_id = $1"}
	args := []any{municipalityID}
	add := func(cond string, v any) {
		args = append(args, v)
		q = append(q, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if len(f.Status) > 0 {
		ss := make([]string, len(f.Status))
		for i, st := range f.Status {
			if _, ok := next[st]; !ok {
				return "", nil, errs.E(errs.Invalid, "%q is not a status", st)
			}
			ss[i] = string(st)
		}
		add("t.status = ANY($?)", ss)
	}
	if f.Category != "" {
		add("t.category_id = (SELECT id FROM category WHERE municipality_id = $1 AND code = $?)", f.Category)
	}
	if f.Team != "" {
		add("t.team_id = (SELECT id FROM team WHERE municipality_id = $1 AND code = $?)", f.Team)
	}
	if f.AssigneeID != 0 {
		add("t.assignee_id = $?", f.AssigneeID)
	}
	if f.Neighbourhood != "" {
		add("t.neighbourhood_id = (SELECT id FROM neighbourhood WHERE municipality_id = $1 AND code = $?)", f.Neighbourhood)
	}
	if b := f.BBox; b != nil {
		if !(b[0] < b[2] && b[1] < b[3]) || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 {
			return "", nil, errs.E(errs.Invalid, "bbox must be west,south,east,north in degrees, west < east and south < north")
		}
		add("t.geom_3857 && ST_Transform(ST_MakeEnvelope(($?::float8[])[1], ($?::float8[])[2], ($?::float8[])[3], ($?::float8[])[4], 4326), 3857)", b[:])
	}
	for _, r := range []struct {
		cond string
		at   *time.Time
	}{{"t.created_at >= $?", f.CreatedFrom}, {"t.created_at < $?", f.CreatedTo},
		{"t.updated_at >= $?", f.UpdatedFrom}, {"t.updated_at < $?", f.UpdatedTo}} {
		if r.at != nil {
			add(r.cond, *r.at)
		}
	}
	if w := strings.TrimSpace(f.Text); w != "" {
		add("t.description_words @@ plainto_tsquery('simple', $?)", w)
	}
	return strings.Join(q, " AND "), args, nil
}

func encodeCursor(at time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at.UnixMicro(), 10) + "." + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (time.Time, int64, error) {
	bad := errs.E(errs.Invalid, "cursor is not one this service gave out")
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, 0, bad
	}
	at, id, ok := strings.Cut(string(raw), ".")
	if !ok {
		return time.Time{}, 0, bad
	}
	us, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil {
		return time.Time{}, 0, bad
	}
	return time.UnixMicro(us), n, nil
}

// commonWordsFrom is how many matching tickets make words common. The
// word index finds a rare word's tickets at once, but for a street name
// in ten thousands of descriptions it hands every match to a sort (a
// second at ten million tickets), while walking the tickets newest first
// meets the newest fifty matches within a few thousand rows. At this
// bound both ways read about as much: 5,000 matches to sort, or some
// 100,000 tickets walked for the newest 50 at ten million.
const commonWordsFrom = 5000

// walkWords says whether a page of limit tickets matching words is
// sought by walking the tickets newest first, and how many of them the
// walk may read: as many as hold a page's worth of matches for words in
// commonWordsFrom tickets. Words the table's statistics take for rare are
// not walked; nor are words a walk found rare in the last minutes
// (wordsCache). Counting the matches instead cost a first search 10–70 ms
// at ten million tickets, most for names of several words ("Minister De
// Taeyelaan"), which the walk finds in 7 ms.
func (s *Service) walkWords(ctx context.Context, municipalityID int, words string, limit int) (bool, int, error) {
	key, now := wordsKeyOf(municipalityID, words), s.clock()
	st, err := s.wordStats.read(ctx, s.pool, now)
	if err != nil {
		return false, 0, errs.Wrap(err, errs.Internal, "searching tickets failed")
	}
	rows := max(limit+1, int(float64(limit+1)*st.tickets/commonWordsFrom))
	if common, ok := s.words.get(key, now); ok {
		return common, rows, nil
	}
	var lexemes []string
	if err := s.pool.QueryRow(ctx, `SELECT tsvector_to_array(to_tsvector('simple', $1))`, words).Scan(&lexemes); err != nil {
		return false, 0, errs.Wrap(err, errs.Internal, "searching tickets failed")
	}
	common := st.mayBeCommon(lexemes)
	s.words.put(key, common, now)
	return common, rows, nil
}
