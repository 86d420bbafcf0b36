package auth

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// LoginCitizen checks a citizen's e-mail and password and opens a session.
// municipalityID is needed only when the server serves several. Accounts
// whose address is not verified yet may sign in; Principal.EmailVerified
// tells handlers that care.
func (s *Store) LoginCitizen(ctx context.Context, municipalityID int, email, password string) (*Session, error) {
	email, err := loginInput(email, password)
	if err != nil {
		return nil, err
	}
	m, err := municipality(ctx, s.pool, municipalityID, "nl")
	if err != nil {
		return nil, err
	}
	p := Principal{MunicipalityID: m.id, Roles: []string{RoleCitizen}}
	var hash *string
	err = s.pool.QueryRow(ctx, `
		SELECT id, name, email, language, email_verified_at IS NOT NULL, resident_id, password_hash
		  FROM citizen WHERE municipality_id = $1 AND lower(email) = $2`, m.id, email).
		Scan(&p.CitizenID, &p.Name, &p.Email, &p.Language, &p.EmailVerified, &p.ResidentID, &hash)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if !s.passwordMatches(hash, password) {
		return nil, errBadLogin
	}
	return newSession(&p, func(token, csrf []byte) error {
		if _, err := s.pool.Exec(ctx, `DELETE FROM citizen_session WHERE expires_at < now()`); err != nil {
			return err
		}
		_, err := s.pool.Exec(ctx, `
			INSERT INTO citizen_session (municipality_id, token_hash, citizen_id, csrf_hash, expires_at)
			VALUES ($1, $2, $3, $4, now() + $5::interval)`,
			p.MunicipalityID, token, p.CitizenID, csrf, SessionTTL.String())
		return err
	})
}
