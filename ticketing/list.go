package ticketing

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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
	walk := false
	if w := strings.TrimSpace(f.Text); w != "" {
		if walk, err = s.commonWords(ctx, municipalityID, w); err != nil {
			return Page{}, err
		}
	}
	where, args, err := f.Where(municipalityID)
	if err != nil {
		return Page{}, err
	}
	q := []string{where}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return Page{}, err
		}
		args = append(args, at, id)
		q = append(q, fmt.Sprintf("(t.updated_at, t.id) < ($%d::timestamptz, $%d::bigint)", len(args)-1, len(args)))
	}
	args = append(args, f.Limit+1)
	conds, order := strings.Join(q, " AND "), " ORDER BY t.updated_at DESC, t.id DESC"
	limit, sel := fmt.Sprintf("%s LIMIT $%d", order, len(args)), named(ticketSelect, "'nl'")
	var ts []*Ticket
	// One snapshot: a walked page is read again by id.
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	err = pgx.BeginTxFunc(ctx, s.pool, opts, func(tx pgx.Tx) error {
		sql, sqlArgs := sel+" WHERE "+conds+limit, args
		if walk {
			ids, err := walkPage(ctx, tx, "SELECT t.id FROM ticket t WHERE "+conds+limit, args)
			if err != nil {
				return err
			}
			sql, sqlArgs = sel+" WHERE t.municipality_id = $1 AND t.id = ANY($2)"+order, []any{municipalityID, ids}
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

// walkPage runs sql, which selects the ids of a page of tickets that
// match common words, by walking the tickets newest first (see
// commonWords): the planner, not knowing the matches are spread evenly
// over time, would rather collect and sort them all. With several words
// ("Sint-Janslaan" is three lexemes) it takes them for rare, and without
// sorts off it read every ticket through another index to sort them
// (10 s at ten million). Only ids, so that the walk reads the words from
// the index (ticket_updated_idx includes them) and no ticket's row.
func walkPage(ctx context.Context, tx pgx.Tx, sql string, args []any) ([]int64, error) {
	if _, err := tx.Exec(ctx, `SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off`); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	// The page's rows are then read by id and sorted as usual.
	_, err = tx.Exec(ctx, `SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on; SET LOCAL enable_sort = on`)
	return ids, err
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

// commonWords reports whether words match at least commonWordsFrom of
// the municipality's tickets, or as counted in the last minutes
// (wordsCache).
func (s *Service) commonWords(ctx context.Context, municipalityID int, words string) (bool, error) {
	key, now := wordsKeyOf(municipalityID, words), s.clock()
	if common, ok := s.words.get(key, now); ok {
		return common, nil
	}
	n, err := s.countWords(ctx, municipalityID, words)
	if err != nil {
		return false, errs.Wrap(err, errs.Internal, "searching tickets failed")
	}
	s.words.put(key, n >= commonWordsFrom, now)
	return n >= commonWordsFrom, nil
}

// countWords counts the tickets that match words, exactly up to
// commonWordsFrom. The word index knows how many tickets hold the words
// without reading them: a one-row search through it, explained with
// ANALYZE, reports the matches its index scan found (a few ms for tens of
// thousands). Counting by reading the tickets cost 40–130 ms at ten
// million. Words the index takes longer than wordsCountTimeout to
// collect are common ("de" is in 9 of 10 million descriptions: 1.3 s).
// The index holds every municipality's tickets, so where there are
// others, a count that says common is checked by reading.
func (s *Service) countWords(ctx context.Context, municipalityID int, words string) (int, error) {
	var alone bool
	if err := s.pool.QueryRow(ctx, `SELECT NOT EXISTS (SELECT FROM municipality WHERE id <> $1)`, municipalityID).Scan(&alone); err != nil {
		return 0, err
	}
	var plan []byte
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL statement_timeout = %d`,
			wordsCountTimeout.Milliseconds())); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF, SUMMARY OFF, FORMAT JSON)
			SELECT FROM ticket WHERE description_words @@ plainto_tsquery('simple', $1) LIMIT 1`, words).Scan(&plan)
	})
	var pe *pgconn.PgError
	slow := errors.As(err, &pe) && pe.Code == "57014" && ctx.Err() == nil // query_canceled: the timeout
	if err != nil && !slow {
		return 0, err
	}
	n, found := indexMatches(plan, "ticket_description_words_idx")
	if n, ok := wordsVerdict(n, found, slow, alone); ok {
		return n, nil
	}
	err = s.pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT FROM ticket WHERE municipality_id = $1
		AND description_words @@ plainto_tsquery('simple', $2) LIMIT $3) m`, municipalityID, words, commonWordsFrom).Scan(&n)
	return n, err
}

// wordsCountTimeout bounds the word index's count: some 300,000 matches.
const wordsCountTimeout = 100 * time.Millisecond

// wordsVerdict is the count of words from the word index: the matches it
// found, or (slow) more than it could collect in wordsCountTimeout; ok is
// false where the tickets must be read instead: the index gave no count,
// or counted other municipalities' tickets too (not alone) and enough
// of them to make the words common.
func wordsVerdict(matches int, found, slow, alone bool) (n int, ok bool) {
	switch {
	case slow:
		return commonWordsFrom, alone
	case !found:
		return 0, false
	case matches < commonWordsFrom || alone:
		return matches, true
	}
	return 0, false
}

// indexMatches finds the scan of index in an EXPLAIN (FORMAT JSON) plan
// and returns the rows it found.
func indexMatches(plan []byte, index string) (int, bool) {
	type node struct {
		Index string  `json:"Index Name"`
		Rows  float64 `json:"Actual Rows"`
		Plans []node  `json:"Plans"`
	}
	var explained []struct{ Plan node }
	if json.Unmarshal(plan, &explained) != nil || len(explained) != 1 {
		return 0, false
	}
	var find func(n node) (int, bool)
	find = func(n node) (int, bool) {
		if n.Index == index {
			return int(n.Rows), true
		}
		for _, c := range n.Plans {
			if rows, ok := find(c); ok {
				return rows, true
			}
		}
		return 0, false
	}
	return find(explained[0].Plan)
}
