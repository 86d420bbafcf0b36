package notify

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// outboxRow is a due row, locked by the transaction that claimed it.
type outboxRow struct {
	municipalityID   int
	id               int64
	topic            string
	recipient        *string
	payload          []byte
	createdAt        time.Time
	attempts         int
	municipalityName string // in the payload's language, for payloads without one
}

// claim locks the row that has waited longest, skipping rows another worker
// holds, so two workers never send the same message. It returns nil when
// nothing is due.
func claim(ctx context.Context, tx pgx.Tx) (*outboxRow, error) {
	var r outboxRow
	err := tx.QueryRow(ctx, `
		SELECT o.municipality_id, o.id, o.topic, o.recipient, o.payload, o.created_at, o.attempts,
		       CASE o.payload->>'language' WHEN 'fr' THEN m.name_fr WHEN 'en' THEN m.name_en ELSE m.name_nl END
		  FROM outbox o JOIN municipality m ON m.id = o.municipality_id
		 WHERE o.sent_at IS NULL AND o.available_at <= now()
		 ORDER BY o.available_at
		 LIMIT 1
		   FOR UPDATE OF o SKIP LOCKED`).
		Scan(&r.municipalityID, &r.id, &r.topic, &r.recipient, &r.payload, &r.createdAt, &r.attempts, &r.municipalityName)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func markSent(ctx context.Context, tx pgx.Tx, r *outboxRow) error {
	_, err := tx.Exec(ctx, `
		UPDATE outbox SET sent_at = clock_timestamp(), attempts = attempts + 1, last_error = NULL
		 WHERE municipality_id = $1 AND id = $2`, r.municipalityID, r.id)
	return err
}

// markFailed counts the attempt and keeps the reason. A row is retried
// after retryIn, or, when given up, never again: available_at 'infinity'
// keeps it out of every claim until someone sets it back to now().
func markFailed(ctx context.Context, tx pgx.Tx, r *outboxRow, reason string, retryIn time.Duration, giveUp bool) error {
	if len(reason) > 1000 {
		reason = strings.ToValidUTF8(reason[:1000], "") // a cut rune would be refused

	}
	_, err := tx.Exec(ctx, `
		UPDATE outbox SET attempts = attempts + 1, last_error = $3,
		       available_at = CASE WHEN $5 THEN 'infinity'::timestamptz
		                           ELSE clock_timestamp() + make_interval(secs => $4) END
		 WHERE municipality_id = $1 AND id = $2`,
		r.municipalityID, r.id, reason, retryIn.Seconds(), giveUp)
	return err
}
