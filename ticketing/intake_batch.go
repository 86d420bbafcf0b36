package ticketing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// A new ticket is written by one statement of eight inserts. Most of
// what PostgreSQL spends on it goes to starting that statement (opening
// the tables and their indexes, preparing their checks), not to the rows:
// at ten million tickets one ticket alone took 0.40 ms, four in one
// statement 0.68 ms (pgbench, the ticket insert). So the tickets that
// arrive together are written together: the writer takes every intake
// waiting when it is free, up to maxIntakeBatch, in one statement, which
// is one transaction, while the next ones gather. A statement that fails
// is tried again ticket by ticket, so one bad ticket fails alone.
// (loket bench intake at ten million tickets, four runs each taken in
// turn: 968–1,085 tickets/s before, 1,180–1,532 after.)
const (
	intakeWriters  = 1 // two made smaller batches: 1.6 tickets each against 2.4 (6 in flight)
	maxIntakeBatch = 16
	intakeTimeout  = 30 * time.Second // for a batch and its retries
)

// newTicketRow is a ticket's row and what the statement writes with it.
type newTicketRow struct {
	municipalityID            int
	reference, channel        string
	categoryID, priority      int
	description               string
	lon, lat                  *float64
	addressID                 *int64
	addressText               *string
	neighbourhoodID           *int
	quality                   string
	residentID, citizenID     *int64
	name, email, phone        *string
	clientID                  *int
	language                  string
	teamID                    int
	due                       *time.Time
	now                       time.Time
	staffID                   *int
	authorLabel, categoryName string
	city                      string
	messageID                 *string // the e-mail it came in, if it did
	attributes                map[string]any
	mediaURL                  *string
	keyPrincipal, key         *string // the Idempotency-Key to keep with it, if any
	keyHash                   []byte
}

// createSQL writes tickets (one per element of its arrays): each with its
// first event, its reporter as follower, the reporter's confirmation
// mail, the audit line, (for e-mail) the message's record and (for a POST
// with an Idempotency-Key) the key with the ticket's reference.
const createSQL = `
WITH v AS (
	SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[],
	                     $7::float8[], $8::float8[], $9::bigint[], $10::text[], $11::int[], $12::text[],
	                     $13::bigint[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::int[],
	                     $19::text[], $20::int[], $21::timestamptz[], $22::timestamptz[], $23::int[], $24::text[],
	                     $25::text[], $26::text[], $27::text[], $28::text[], $29::text[], $30::text[], $31::text[], $32::bytea[])
	    AS v (municipality_id, reference, channel, category_id, priority, description,
	          lon, lat, address_id, address_text, neighbourhood_id, geocode_quality,
	          resident_id, name, email, phone, citizen_id, client_id,
	          language, team_id, due_at, now, staff_id, author_label,
	          category_name, city, message_id, attributes, media_url, key_principal, key, key_hash)),
t AS (
	INSERT INTO ticket (municipality_id, reference, channel, category_id, priority, description,
	                    geom, address_id, address_text, neighbourhood_id, geocode_quality,
	                    reporter_resident_id, reporter_name, reporter_email, reporter_phone,
	                    reporter_citizen_id, client_id, language, team_id, due_at, created_at, updated_at, attributes, media_url)
	SELECT municipality_id, reference, channel, category_id, priority, description,
	       ST_SetSRID(ST_MakePoint(lon, lat), 4326), address_id, address_text, neighbourhood_id, geocode_quality,
	       resident_id, name, email, phone, citizen_id, client_id, language, team_id, due_at, now, now, attributes::jsonb, media_url
	FROM v
	RETURNING municipality_id, id, reference, geom_3857),
tv AS (SELECT t.id, t.geom_3857, v.* FROM t JOIN v USING (municipality_id, reference)),
-- The map's delta for the new ticket (see migration 00012).
md AS (
	INSERT INTO ticket_map_delta (municipality_id, cx, cy, neighbourhood_id, category_id, status, delta)
	SELECT municipality_id, loket_cell_x(geom_3857), loket_cell_y(geom_3857), neighbourhood_id, category_id, 'new', 1 FROM tv),
e AS (
	INSERT INTO ticket_event (municipality_id, ticket_id, kind, visibility, author_staff_id, author_label,
	                          to_status, data, created_at)
	SELECT municipality_id, id, 'created', 'public', staff_id, author_label, 'new',
	       jsonb_build_object('channel', channel, 'team_id', team_id), now
	FROM tv),
f AS (
	INSERT INTO ticket_follower (municipality_id, ticket_id, email, name, language, citizen_id)
	SELECT municipality_id, id, email, coalesce(name, ''), language, citizen_id FROM tv WHERE email IS NOT NULL),
o AS (
	INSERT INTO outbox (municipality_id, topic, ticket_id, recipient, payload)
	SELECT municipality_id, 'ticket.created', id, email,
	       jsonb_build_object('language', language, 'municipality', city, 'name', coalesce(name, ''),
	                          'reference', reference, 'category', category_name, 'description', description,
	                          'address', coalesce(address_text, ''), 'url', '/my/tickets/' || reference)
	FROM tv WHERE email IS NOT NULL),
m AS (
	INSERT INTO mail_message (municipality_id, message_id, ticket_id, outcome)
	SELECT municipality_id, message_id, id, 'ticket' FROM tv WHERE message_id IS NOT NULL),
au AS (
	INSERT INTO audit_log (municipality_id, actor_staff_id, action, subject, reason, data)
	SELECT municipality_id, staff_id, 'ticket.create', reference, 'intake by ' || channel,
	       jsonb_build_object('ticket_id', id, 'resident_id', resident_id, 'citizen_id', citizen_id, 'client_id', client_id)
	FROM tv),
ik AS (
	INSERT INTO idempotency_key (municipality_id, principal, key, request_hash, response_body)
	SELECT municipality_id, key_principal, key, key_hash, convert_to(reference, 'UTF8') FROM tv WHERE key IS NOT NULL)
SELECT reference, id FROM t`

// writeTickets runs createSQL for rows with q and returns the ids in the
// order of rows.
func writeTickets(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, rows []newTicketRow) ([]int64, error) {
	args, err := createArgs(rows)
	if err != nil {
		return nil, err
	}
	res, err := q.Query(ctx, createSQL, args...)
	if err != nil {
		return nil, err
	}
	byReference := make(map[string]int64, len(rows))
	var ref string
	var id int64
	if _, err := pgx.ForEachRow(res, []any{&ref, &id}, func() error {
		byReference[ref] = id
		return nil
	}); err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		if ids[i] = byReference[r.reference]; ids[i] == 0 {
			return nil, fmt.Errorf("ticket %s was not written", r.reference)
		}
	}
	return ids, nil
}

// createArgs are createSQL's arrays, one element per row.
func createArgs(rows []newTicketRow) ([]any, error) {
	n := len(rows)
	var (
		municipality, category, priority, team = make([]int, n), make([]int, n), make([]int, n), make([]int, n)
		reference, channel, description        = make([]string, n), make([]string, n), make([]string, n)
		quality, language, label, catName      = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		city, attrs                            = make([]string, n), make([]string, n)
		lon, lat                               = make([]*float64, n), make([]*float64, n)
		address, resident, citizen             = make([]*int64, n), make([]*int64, n), make([]*int64, n)
		addressText, name, email, phone        = make([]*string, n), make([]*string, n), make([]*string, n), make([]*string, n)
		messageID, media, principal, key       = make([]*string, n), make([]*string, n), make([]*string, n), make([]*string, n)
		neighbourhood, client, staff           = make([]*int, n), make([]*int, n), make([]*int, n)
		due, now                               = make([]*time.Time, n), make([]time.Time, n)
		hash                                   = make([][]byte, n)
	)
	for i, r := range rows {
		municipality[i], reference[i], channel[i], category[i], priority[i] = r.municipalityID, r.reference, r.channel, r.categoryID, r.priority
		description[i], lon[i], lat[i], address[i], addressText[i] = r.description, r.lon, r.lat, r.addressID, r.addressText
		neighbourhood[i], quality[i], resident[i], name[i], email[i] = r.neighbourhoodID, r.quality, r.residentID, r.name, r.email
		phone[i], citizen[i], client[i], language[i], team[i] = r.phone, r.citizenID, r.clientID, r.language, r.teamID
		due[i], now[i], staff[i], label[i], catName[i] = r.due, r.now, r.staffID, r.authorLabel, r.categoryName
		city[i], messageID[i], media[i], principal[i], key[i], hash[i] = r.city, r.messageID, r.mediaURL, r.keyPrincipal, r.key, r.keyHash
		attrs[i] = "{}"
		if len(r.attributes) > 0 {
			b, err := json.Marshal(r.attributes)
			if err != nil {
				return nil, err
			}
			attrs[i] = string(b)
		}
	}
	return []any{municipality, reference, channel, category, priority, description,
		lon, lat, address, addressText, neighbourhood, quality,
		resident, name, email, phone, citizen, client,
		language, team, due, now, staff, label,
		catName, city, messageID, attrs, media, principal, key, hash}, nil
}

// intakeQueue hands the tickets to write to the writers.
type intakeQueue struct {
	pool  *pgxpool.Pool
	in    chan *pendingTicket
	start sync.Once
}

// pendingTicket is one ticket waiting for its statement.
type pendingTicket struct {
	ctx  context.Context // the request's: a ticket whose caller has gone is not written
	row  newTicketRow
	done chan written // buffered: a writer never waits for its caller
}

type written struct {
	id  int64
	err error
}

func newIntakeQueue(pool *pgxpool.Pool) *intakeQueue {
	return &intakeQueue{pool: pool, in: make(chan *pendingTicket, maxIntakeBatch*intakeWriters)}
}

// write writes row, with the tickets written at the same moment, and
// returns its id once the statement has committed.
func (q *intakeQueue) write(ctx context.Context, row newTicketRow) (int64, error) {
	q.start.Do(func() {
		for range intakeWriters {
			go q.run()
		}
	})
	p := &pendingTicket{ctx: ctx, row: row, done: make(chan written, 1)}
	select {
	case q.in <- p:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	// Once queued the ticket may be written: its answer is awaited even
	// if the caller goes, so the caller never reports a failure for a
	// ticket that was saved.
	w := <-p.done
	return w.id, w.err
}

// run writes batches for as long as the process lives: it waits for a
// ticket, takes whatever else waits, and writes them.
func (q *intakeQueue) run() {
	for p := range q.in {
		batch := []*pendingTicket{p}
	gather:
		for len(batch) < maxIntakeBatch {
			select {
			case p := <-q.in:
				batch = append(batch, p)
			default:
				break gather
			}
		}
		q.writeBatch(batch)
	}
}

func (q *intakeQueue) writeBatch(batch []*pendingTicket) {
	live := make([]*pendingTicket, 0, len(batch))
	for _, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.done <- written{err: err}
			continue
		}
		live = append(live, p)
	}
	if len(live) == 0 {
		return
	}
	rows := make([]newTicketRow, len(live))
	for i, p := range live {
		rows[i] = p.row
	}
	// The statement serves several callers: no one caller's going away
	// may stop it, and intakeTimeout bounds it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(live[0].ctx), intakeTimeout)
	defer cancel()
	ids, err := writeTickets(ctx, q.pool, rows)
	// Only a statement PostgreSQL refused is worth trying ticket by
	// ticket; a server that cannot be reached would only be waited for
	// again.
	var refused *pgconn.PgError
	switch {
	case err == nil:
		for i, p := range live {
			p.done <- written{id: ids[i]}
		}
	case len(live) == 1 || !errors.As(err, &refused):
		for _, p := range live {
			p.done <- written{err: err}
		}
	default:
		for _, p := range live {
			p.done <- writeOne(ctx, q.pool, p.row)
		}
	}
}

// writeOne writes one ticket on its own.
func writeOne(ctx context.Context, pool *pgxpool.Pool, row newTicketRow) written {
	ids, err := writeTickets(ctx, pool, []newTicketRow{row})
	if err != nil {
		return written{err: err}
	}
	return written{id: ids[0]}
}
