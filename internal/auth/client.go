package auth

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/errs"
)

// CreateClient registers a machine client of municipalityID and returns its
// bearer token, shown this once: only its hash is kept.
func (s *Store) CreateClient(ctx context.Context, municipalityID int, name string) (token string, id int, err error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		return "", 0, errs.E(errs.Invalid, "give the client a name of at most 200 bytes")
	}
	token, hash, err := newSecret()
	if err != nil {
		return "", 0, err
	}
	err = s.pool.QueryRow(ctx, `
		INSERT INTO api_client (municipality_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id`,
		municipalityID, name, hash).Scan(&id)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" {
		return "", 0, errs.Wrap(err, errs.Invalid, "there is no such municipality")
	}
	if err != nil {
		return "", 0, err
	}
	return token, id, nil
}

// DeactivateClient switches a client off; its token stops working at once.
func (s *Store) DeactivateClient(ctx context.Context, municipalityID, id int) error {
	tag, err := s.pool.Exec(ctx, `
		UPDATE api_client SET active = false WHERE municipality_id = $1 AND id = $2`, municipalityID, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return errs.E(errs.NotFound, "there is no client %d", id)
	}
	return nil
}
