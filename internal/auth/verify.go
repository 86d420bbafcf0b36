package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// VerifyTTL is how long a verification link works: a weekend with margin.
const VerifyTTL = 48 * time.Hour

// TopicCitizenVerify is the outbox topic of the mail with the link that
// proves a citizen owns the address.
const TopicCitizenVerify = "citizen.verify"

// sendVerification stores a single-use token for c's address and queues
// the mail carrying it, both in tx.
func sendVerification(ctx context.Context, tx pgx.Tx, m served, citizenID int64, c *Citizen) error {
	token, hash, err := newSecret()
	if err != nil {
		return err
	}
	// Each new token sweeps the expired ones, so the table needs no job of its own.
	if _, err := tx.Exec(ctx, `DELETE FROM citizen_email_token WHERE expires_at < now()`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO citizen_email_token (municipality_id, token_hash, citizen_id, email, expires_at)
		VALUES ($1, $2, $3, $4, now() + $5::interval)`,
		m.id, hash, citizenID, c.Email, VerifyTTL.String()); err != nil {
		return err
	}
	payload := map[string]string{
		"language":     c.Language,
		"municipality": m.name,
		"name":         c.Name,
		"token":        token,
		"url":          "/verify?token=" + url.QueryEscape(token),
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO outbox (municipality_id, topic, recipient, payload) VALUES ($1, $2, $3, $4)`,
		m.id, TopicCitizenVerify, c.Email, payload)
	return err
}

// Verify marks the address a verification token was sent to as proven.
// The token is used up whether or not it still worked; one that is
// unknown, used, expired or meant for an address the account no longer
// has is refused with the same message.
func (s *Store) Verify(ctx context.Context, token string) error {
	if token == "" || len(token) > 100 {
		return errBadVerify
	}
	sum := sha256.Sum256([]byte(token))
	var id int64
	err := s.pool.QueryRow(ctx, `
		WITH used AS (
			DELETE FROM citizen_email_token WHERE token_hash = $1
			RETURNING municipality_id, citizen_id, email, expires_at)
		UPDATE citizen c SET email_verified_at = coalesce(c.email_verified_at, now())
		  FROM used
		 WHERE c.municipality_id = used.municipality_id AND c.id = used.citizen_id
		   AND used.expires_at > now() AND lower(c.email) = lower(used.email)
		RETURNING c.id`, sum[:]).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return errBadVerify
	}
	return err
}

var errBadVerify = errs.E(errs.Invalid, "this verification link is unknown, used or expired")

// served is the municipality a request is for, with its name in the
// reader's language.
type served struct {
	id   int
	name string
}

// municipality picks the one asked for by id, or the only one served when
// id is 0; with several and none asked for, the caller must say.
func municipality(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, id int, language string) (served, error) {
	rows, err := q.Query(ctx, `
		SELECT id, CASE $2 WHEN 'fr' THEN name_fr WHEN 'en' THEN name_en ELSE name_nl END
		  FROM municipality WHERE $1 = 0 OR id = $1 ORDER BY id LIMIT 2`, id, language)
	if err != nil {
		return served{}, err
	}
	found, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (served, error) {
		var m served
		return m, row.Scan(&m.id, &m.name)
	})
	switch {
	case err != nil:
		return served{}, err
	case len(found) == 1:
		return found[0], nil
	case id != 0:
		return served{}, errs.E(errs.Invalid, "there is no municipality %d", id)
	case len(found) == 0:
		return served{}, errs.E(errs.Unavailable, "no municipality is set up yet")
	}
	return served{}, errs.E(errs.Invalid, "say which municipality: give municipality_id")
}
