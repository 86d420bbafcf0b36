package ticketing

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/jackc/pgx/v5"
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
			key := r.Header.Get(IdempotencyHeader)
			p := auth.From(r.Context())
			if key == "" || p == nil {
				next.ServeHTTP(w, r)
				return
			}
			if len(key) > 255 {
				httpx.Error(w, r, errs.E(errs.Invalid, "Idempotency-Key is longer than 255 characters"))
				return
			}
			body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
			if err != nil {
				httpx.Error(w, r, errs.E(errs.Invalid, "the body cannot be read"))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			h := sha256.New()
			fmt.Fprintf(h, "%s %s\n", r.Method, r.URL.Path)
			h.Write(body)
			sum := h.Sum(nil)
			who := principalKey(p)
			ctx := r.Context()
			tag, err := pool.Exec(ctx, `
				INSERT INTO idempotency_key (municipality_id, key, principal, request_hash)
				VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, p.MunicipalityID, key, who, sum)
			if err != nil {
				httpx.Error(w, r, err)
				return
			}
			if tag.RowsAffected() == 0 {
				replay(w, r, pool, p.MunicipalityID, key, who, sum)
				return
			}
			rec := &recorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			if rec.status >= 500 {
				_, _ = pool.Exec(ctx, `DELETE FROM idempotency_key WHERE municipality_id = $1 AND principal = $2 AND key = $3`,
					p.MunicipalityID, who, key)
				return
			}
			_, _ = pool.Exec(ctx, `UPDATE idempotency_key SET status_code = $4, response_body = $5
				WHERE municipality_id = $1 AND principal = $2 AND key = $3`, p.MunicipalityID, who, key, rec.status, rec.body.Bytes())
		})
	}
}

// replay answers a request whose key is known.
func replay(w http.ResponseWriter, r *http.Request, pool *pgxpool.Pool, municipalityID int, key, who string, sum []byte) {
	var stored []byte
	var status *int
	var body []byte
	err := pool.QueryRow(r.Context(), `
		SELECT request_hash, status_code, response_body FROM idempotency_key
		WHERE municipality_id = $1 AND principal = $2 AND key = $3`, municipalityID, who, key).Scan(&stored, &status, &body)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		httpx.Error(w, r, errs.E(errs.Conflict, "the request with this Idempotency-Key failed; send it again"))
	case err != nil:
		httpx.Error(w, r, err)
	case !bytes.Equal(stored, sum):
		httpx.Error(w, r, errs.E(errs.Invalid, "this Idempotency-Key was used for another request; use a new key"))
	case status == nil:
		httpx.Error(w, r, errs.E(errs.Conflict, "the first request with this Idempotency-Key is still being answered"))
	default:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(*status)
		_, _ = w.Write(body)
	}
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
