package ticketing

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// IdempotencyHeader names the key a client sends to make a POST safe to
// retry: the same key with the same request gets the first answer again.
const IdempotencyHeader = "Idempotency-Key"

// idempotent replays the stored answer of a POST whose key was seen
// before (for the same caller); a key reused for another request is
// refused, and one still being answered is a conflict. Answers of 5xx
// are not kept, so a failed request can be retried with its key.
func idempotent(pool *pgxpool.Pool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			k, ok := keyOf(w, r)
			if !ok {
				return
			}
			if k == nil {
				next.ServeHTTP(w, r)
				return
			}
			ctx := r.Context()
			tag, err := pool.Exec(ctx, `
				INSERT INTO idempotency_key (municipality_id, key, principal, request_hash)
				VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, k.municipalityID, k.key, k.principal, k.hash)
			if err != nil {
				httpx.Error(w, r, err)
				return
			}
			if tag.RowsAffected() == 0 {
				known, err := k.load(ctx, pool)
				if err != nil {
					httpx.Error(w, r, err)
					return
				}
				k.replay(w, r, known, nil)
				return
			}
			rec := &recorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			if rec.status >= 500 {
				_, _ = pool.Exec(ctx, `DELETE FROM idempotency_key WHERE municipality_id = $1 AND principal = $2 AND key = $3`,
					k.municipalityID, k.principal, k.key)
				return
			}
			k.record(ctx, pool, rec)
		})
	}
}

// idempotentIntake makes POST /api/tickets safe to retry even when the
// process dies mid-request or the database goes away: the key is not
// claimed ahead of the work but written by the statement that creates the
// ticket (createSQL), so a ticket and its key exist together or not at
// all. A key whose ticket exists but whose answer was never recorded is
// answered from the ticket; two requests racing with one key make one
// ticket, the other gets a conflict.
func (s *Service) idempotentIntake(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, ok := keyOf(w, r)
		if !ok {
			return
		}
		if k == nil {
			next.ServeHTTP(w, r)
			return
		}
		known, err := k.load(r.Context(), s.pool)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if known != nil {
			k.replay(w, r, known, s.answerCreated)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), keyedKey{}, k)))
		switch {
		case k.saved:
			k.record(r.Context(), s.pool, rec)
		case rec.status < 500:
			// Refusals are kept too, so a retry hears the same.
			_, _ = s.pool.Exec(r.Context(), `
				INSERT INTO idempotency_key (municipality_id, key, principal, request_hash, status_code, response_body)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
				k.municipalityID, k.key, k.principal, k.hash, rec.status, rec.body.Bytes())
		}
	})
}

// answerCreated answers a retried intake whose ticket was saved but whose
// answer was lost (the process died, or the database went away, between
// the two): a 201 with the ticket as it stands, which is kept as the
// answer from then on.
func (s *Service) answerCreated(w http.ResponseWriter, r *http.Request, k *keyed, reference string) {
	p := auth.From(r.Context())
	t, err := s.getByRef(r.Context(), p.MunicipalityID, reference, "nl", true)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	rec.Header().Set("Idempotent-Replayed", "true")
	writeCreated(rec, p, t)
	k.record(r.Context(), s.pool, rec)
}

// keyed is a POST carrying an Idempotency-Key: whose, which, and a digest
// of the request it was first sent with.
type keyed struct {
	municipalityID int
	principal      string
	key            string
	hash           []byte
	saved          bool // the intake's statement wrote the key with the ticket
}

type keyedKey struct{}

// keyedFrom is the intake's key, when the request carries one.
func keyedFrom(ctx context.Context) *keyed {
	k, _ := ctx.Value(keyedKey{}).(*keyed)
	return k
}

// keyOf reads r's key and digests the request; nil without a key or a
// signed-in caller. A key that cannot be used is answered here (ok false).
func keyOf(w http.ResponseWriter, r *http.Request) (k *keyed, ok bool) {
	key := r.Header.Get(IdempotencyHeader)
	p := auth.From(r.Context())
	if key == "" || p == nil {
		return nil, true
	}
	if len(key) > 255 {
		httpx.Error(w, r, errs.E(errs.Invalid, "Idempotency-Key is longer than 255 characters"))
		return nil, false
	}
	if !utf8.ValidString(key) || strings.ContainsRune(key, 0) {
		// The key is stored as text, which holds neither.
		httpx.Error(w, r, errs.E(errs.Invalid, "Idempotency-Key is not valid UTF-8 text"))
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil {
		httpx.Error(w, r, httpx.BodyReadError(err))
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", r.Method, r.URL.Path)
	h.Write(body)
	return &keyed{municipalityID: p.MunicipalityID, principal: principalKey(p), key: key, hash: h.Sum(nil)}, true
}

// storedKey is a key's row. A status means the answer is kept in body;
// without one, body holds the reference of the ticket an intake saved
// before its answer could be kept, or nothing while a change is running.
type storedKey struct {
	hash   []byte
	status *int
	body   []byte
}

// load reads k's row; nil when the key is new.
func (k *keyed) load(ctx context.Context, pool *pgxpool.Pool) (*storedKey, error) {
	var s storedKey
	err := pool.QueryRow(ctx, `
		SELECT request_hash, status_code, response_body FROM idempotency_key
		WHERE municipality_id = $1 AND principal = $2 AND key = $3`, k.municipalityID, k.principal, k.key).
		Scan(&s.hash, &s.status, &s.body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// replay answers a request whose key is known, from its row s (nil when
// it went meanwhile); created, when not nil, answers for an intake whose
// ticket exists without a kept answer.
func (k *keyed) replay(w http.ResponseWriter, r *http.Request, s *storedKey,
	created func(http.ResponseWriter, *http.Request, *keyed, string)) {
	switch {
	case s == nil:
		httpx.Error(w, r, errs.E(errs.Conflict, "the request with this Idempotency-Key failed; send it again"))
	case !bytes.Equal(s.hash, k.hash):
		httpx.Error(w, r, errs.E(errs.Invalid, "this Idempotency-Key was used for another request; use a new key"))
	case s.status == nil && s.body != nil && created != nil:
		created(w, r, k, string(s.body))
	case s.status == nil:
		httpx.Error(w, r, errs.E(errs.Conflict, "the first request with this Idempotency-Key is still being answered"))
	default:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(*s.status)
		_, _ = w.Write(s.body)
	}
}

// record keeps rec's answer for k, unless an answer is kept already.
func (k *keyed) record(ctx context.Context, pool *pgxpool.Pool, rec *recorder) {
	_, _ = pool.Exec(ctx, `UPDATE idempotency_key SET status_code = $4, response_body = $5
		WHERE municipality_id = $1 AND principal = $2 AND key = $3 AND status_code IS NULL`,
		k.municipalityID, k.principal, k.key, rec.status, rec.body.Bytes())
}

// withTicket has createSQL keep the key with the ticket of row, when
// there is a key.
func (k *keyed) withTicket(row *newTicketRow) {
	if k != nil {
		row.keyPrincipal, row.key, row.keyHash = &k.principal, &k.key, k.hash
	}
}

// keyTaken reports whether err is another request with the same key
// having saved its ticket first.
func keyTaken(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "23505" && pg.ConstraintName == "idempotency_key_pkey"
}

func principalKey(p *auth.Principal) string {
	switch {
	case p.IsCitizen():
		return fmt.Sprintf("citizen:%d", p.CitizenID)
	case p.IsClient():
		return fmt.Sprintf("client:%d", p.ClientID)
	}
	return fmt.Sprintf("staff:%d", p.StaffID)
}

// recorder keeps a copy of the answer it passes on.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
