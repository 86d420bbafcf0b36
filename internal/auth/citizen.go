package auth

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"

	"loket/internal/errs"
)

// Registration is what a citizen fills in to open an account.
type Registration struct {
	// MunicipalityID is needed only when the server serves several.
	MunicipalityID int     `json:"municipality_id"`
	Email          string  `json:"email"`
	Password       string  `json:"password"`
	Name           string  `json:"name"`
	Language       string  `json:"language"`
	Phone          *string `json:"phone"`
}

// Citizen is an account as its owner may see it.
type Citizen struct {
	MunicipalityID int     `json:"municipality_id"`
	Email          string  `json:"email"`
	EmailVerified  bool    `json:"email_verified"`
	Name           string  `json:"name"`
	Phone          *string `json:"phone,omitempty"`
	Language       string  `json:"language"`
}

// MinPasswordLength is the shortest password a citizen may choose.
const MinPasswordLength = 10

// Register opens an unverified account and, in the same transaction, queues
// the mail with the verification link. An address that already has an
// account gets the same answer while nothing is written or sent, so
// registering tells no one which addresses have accounts.
func (s *Store) Register(ctx context.Context, reg Registration) (*Citizen, error) {
	if err := reg.normalize(); err != nil {
		return nil, err
	}
	// Hashing first makes a taken address answer as slowly as a new one.
	hash, err := bcrypt.GenerateFromPassword([]byte(reg.Password), s.passwordCost)
	if err != nil {
		return nil, err
	}
	c := &Citizen{Email: reg.Email, Name: reg.Name, Phone: reg.Phone, Language: reg.Language}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := municipality(ctx, tx, reg.MunicipalityID, reg.Language)
		if err != nil {
			return err
		}
		c.MunicipalityID = m.id
		var id int64
		err = tx.QueryRow(ctx, `
			INSERT INTO citizen (municipality_id, email, name, phone, language, password_hash)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (municipality_id, lower(email)) DO NOTHING
			RETURNING id`, m.id, reg.Email, reg.Name, reg.Phone, reg.Language, string(hash)).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return sendVerification(ctx, tx, m, id, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (reg *Registration) normalize() error {
	reg.Email = strings.TrimSpace(reg.Email)
	reg.Name = strings.TrimSpace(reg.Name)
	if reg.Language == "" {
		reg.Language = "nl"
	}
	if reg.Phone != nil {
		if phone := strings.TrimSpace(*reg.Phone); phone != "" {
			reg.Phone = &phone
		} else {
			reg.Phone = nil
		}
	}
	addr, err := mail.ParseAddress(reg.Email)
	switch {
	case err != nil || addr.Address != reg.Email || len(reg.Email) > 254:
		return errs.E(errs.Invalid, "give a valid e-mail address")
	case utf8.RuneCountInString(reg.Password) < MinPasswordLength:
		return errs.E(errs.Invalid, "choose a password of at least %d characters", MinPasswordLength)
	case len(reg.Password) > 72: // bcrypt reads no further
		return errs.E(errs.Invalid, "choose a password of at most 72 bytes")
	case reg.Language != "nl" && reg.Language != "fr" && reg.Language != "en":
		return errs.E(errs.Invalid, "language must be nl, fr or en")
	case len(reg.Name) > 200 || reg.Phone != nil && len(*reg.Phone) > 40:
		return errs.E(errs.Invalid, "the name or phone number is too long")
	}
	return nil
}
