package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/bcrypt"

	"loket/internal/errs"
)

// SessionTTL is how long a sign-in lasts: one working day with margin.
const SessionTTL = 12 * time.Hour

// Store keeps sessions in PostgreSQL.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store over pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// errBadLogin is the same for an unknown e-mail and a wrong password, so
// the answer does not tell which addresses exist.
var errBadLogin = errs.E(errs.Unauthorized, "e-mail address or password is wrong")

// Login checks email and password and opens a session; the token is
// returned once and only its hash is kept.
func (s *Store) Login(ctx context.Context, email, password string) (string, *Principal, error) {
	email = strings.TrimSpace(strings.ToLower(email))
	if email == "" || password == "" || len(email) > 254 || len(password) > 200 {
		return "", nil, errs.E(errs.Invalid, "give an e-mail address and a password")
	}
	var p Principal
	var hash *string
	err := s.pool.QueryRow(ctx, `
		SELECT municipality_id, id, name, email, team_id, roles, password_hash
		  FROM staff WHERE lower(email) = $1 AND active`, email).
		Scan(&p.MunicipalityID, &p.StaffID, &p.Name, &p.Email, &p.TeamID, &p.Roles, &hash)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && hash == nil) {
		return "", nil, errBadLogin
	}
	if err != nil {
		return "", nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(*hash), []byte(password)) != nil {
		return "", nil, errBadLogin
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	// Sign-ins sweep expired sessions, so the table never needs a job of its own.
	if _, err := s.pool.Exec(ctx, `DELETE FROM staff_session WHERE expires_at < now()`); err != nil {
		return "", nil, err
	}
	if _, err := s.pool.Exec(ctx, `
		INSERT INTO staff_session (municipality_id, token_hash, staff_id, expires_at)
		VALUES ($1, $2, $3, now() + $4::interval)`,
		p.MunicipalityID, sum[:], p.StaffID, SessionTTL.String()); err != nil {
		return "", nil, err
	}
	return token, &p, nil
}

// Principal returns who holds token, or nil when it is unknown or expired.
func (s *Store) Principal(ctx context.Context, token string) (*Principal, error) {
	if token == "" || len(token) > 100 {
		return nil, nil
	}
	sum := sha256.Sum256([]byte(token))
	var p Principal
	err := s.pool.QueryRow(ctx, `
		SELECT st.municipality_id, st.id, st.name, st.email, st.team_id, st.roles
		  FROM staff_session se
		  JOIN staff st ON st.municipality_id = se.municipality_id AND st.id = se.staff_id
		 WHERE se.token_hash = $1 AND se.expires_at > now() AND st.active`, sum[:]).
		Scan(&p.MunicipalityID, &p.StaffID, &p.Name, &p.Email, &p.TeamID, &p.Roles)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Logout ends the session of token.
func (s *Store) Logout(ctx context.Context, token string) error {
	sum := sha256.Sum256([]byte(token))
	_, err := s.pool.Exec(ctx, `DELETE FROM staff_session WHERE token_hash = $1`, sum[:])
	return err
}
