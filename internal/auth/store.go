package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/bcrypt"

	"loket/internal/errs"
)

// SessionTTL is how long a sign-in lasts: one working day with margin.
const SessionTTL = 12 * time.Hour

// CitizenPasswordCost is the bcrypt cost of citizens' passwords: slow enough
// to make a stolen table expensive to crack, about a quarter second a sign-in.
const CitizenPasswordCost = 12

// Store keeps accounts, sessions and client tokens in PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	// passwordCost hashes new citizens' passwords; tests lower it.
	passwordCost int
	dummyOnce    sync.Once
	dummyHash    []byte
}

// NewStore returns a Store over pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool, passwordCost: CitizenPasswordCost}
}

// Session is what a sign-in hands out once. The token identifies the
// caller; the CSRF token must come back in a header with every changing
// request that relies on the cookie. Only their hashes are kept.
type Session struct {
	Token     string     `json:"token"`
	CSRFToken string     `json:"csrf_token"`
	Principal *Principal `json:"-"`
}

// errBadLogin is the same for an unknown e-mail and a wrong password, so
// the answer does not tell which addresses exist.
var errBadLogin = errs.E(errs.Unauthorized, "e-mail address or password is wrong")

// Login checks a staff member's e-mail and password and opens a session;
// the token is returned once. It suits callers that send the token as a
// bearer header; the web sign-in uses LoginStaff for the CSRF token too.
func (s *Store) Login(ctx context.Context, email, password string) (string, *Principal, error) {
	se, err := s.LoginStaff(ctx, email, password)
	if err != nil {
		return "", nil, err
	}
	return se.Token, se.Principal, nil
}

// LoginStaff checks a staff member's e-mail and password and opens a session.
func (s *Store) LoginStaff(ctx context.Context, email, password string) (*Session, error) {
	email, err := loginInput(email, password)
	if err != nil {
		return nil, err
	}
	var p Principal
	var hash *string
	err = s.pool.QueryRow(ctx, `
		SELECT municipality_id, id, name, email, team_id, roles, password_hash
		  FROM staff WHERE lower(email) = $1 AND active`, email).
		Scan(&p.MunicipalityID, &p.StaffID, &p.Name, &p.Email, &p.TeamID, &p.Roles, &hash)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if !s.passwordMatches(hash, password) {
		return nil, errBadLogin
	}
	return newSession(&p, func(token, csrf []byte) error {
		// Sign-ins sweep expired sessions, so the table never needs a job of its own.
		if _, err := s.pool.Exec(ctx, `DELETE FROM staff_session WHERE expires_at < now()`); err != nil {
			return err
		}
		_, err := s.pool.Exec(ctx, `
			INSERT INTO staff_session (municipality_id, token_hash, staff_id, csrf_hash, expires_at)
			VALUES ($1, $2, $3, $4, now() + $5::interval)`,
			p.MunicipalityID, token, p.StaffID, csrf, SessionTTL.String())
		return err
	})
}

// Logout ends the staff or citizen session of token.
func (s *Store) Logout(ctx context.Context, token string) error {
	sum := sha256.Sum256([]byte(token))
	_, err := s.pool.Exec(ctx, `
		WITH staff AS (DELETE FROM staff_session WHERE token_hash = $1)
		DELETE FROM citizen_session WHERE token_hash = $1`, sum[:])
	return err
}

func loginInput(email, password string) (string, error) {
	email = strings.TrimSpace(strings.ToLower(email))
	if email == "" || password == "" || len(email) > 254 || len(password) > 200 {
		return "", errs.E(errs.Invalid, "give an e-mail address and a password")
	}
	return email, nil
}

// passwordMatches compares password with hash, and with a stand-in when
// there is no account, so both answers take as long.
func (s *Store) passwordMatches(hash *string, password string) bool {
	if hash == nil {
		s.dummyOnce.Do(func() {
			s.dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no account has this"), s.passwordCost)
		})
		bcrypt.CompareHashAndPassword(s.dummyHash, []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(*hash), []byte(password)) == nil
}

// newSession draws the session and CSRF tokens and has store keep their
// SHA-256 hashes.
func newSession(p *Principal, store func(tokenHash, csrfHash []byte) error) (*Session, error) {
	token, tokenHash, err := newSecret()
	if err != nil {
		return nil, err
	}
	csrf, csrfHash, err := newSecret()
	if err != nil {
		return nil, err
	}
	if err := store(tokenHash, csrfHash); err != nil {
		return nil, err
	}
	return &Session{Token: token, CSRFToken: csrf, Principal: p}, nil
}

// newSecret returns 256 random bits as URL-safe text and its SHA-256.
func newSecret() (string, []byte, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	text := base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(text))
	return text, sum[:], nil
}
