package geo

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// ResidentQuery is a desk agent's search in the population register.
type ResidentQuery struct {
	Name      string // last name and first name, in either order
	BirthYear int    // 0: any
	Street    string // "": any
	Reason    string // why the agent looks: the call or ticket; required
	Limit     int
}

// Resident is a register entry with where the person lives.
type Resident struct {
	ID        int64    `json:"id"`
	FirstName string   `json:"first_name"`
	LastName  string   `json:"last_name"`
	BirthDate string   `json:"birth_date"`
	Email     *string  `json:"email,omitempty"`
	Phone     *string  `json:"phone,omitempty"`
	Language  string   `json:"language"`
	AddressID *int64   `json:"address_id,omitempty"`
	Address   *string  `json:"address,omitempty"`
	Lon       *float64 `json:"lon,omitempty"`
	Lat       *float64 `json:"lat,omitempty"`
	Score     float64  `json:"score"`
}

// Register searches the population register; every search is audited.
type Register struct{ pool *pgxpool.Pool }

// NewRegister returns a Register over pool.
func NewRegister(pool *pgxpool.Pool) *Register { return &Register{pool: pool} }

func (q *ResidentQuery) validate() error {
	q.Name = strings.Join(strings.Fields(q.Name), " ")
	q.Reason = strings.TrimSpace(q.Reason)
	q.Street = strings.TrimSpace(q.Street)
	switch {
	case utf8.RuneCountInString(q.Name) < 2 || len(q.Name) > 100:
		return errs.E(errs.Invalid, "give a name of 2 to 100 characters: last name and first name")
	case q.Reason == "" || len(q.Reason) > 200:
		return errs.E(errs.Invalid, "say why you look this person up (the call or ticket), in at most 200 characters")
	case q.BirthYear != 0 && (q.BirthYear < 1880 || q.BirthYear > time.Now().Year()):
		return errs.E(errs.Invalid, "birth year %d is not a plausible year", q.BirthYear)
	case len(q.Street) > 100:
		return errs.E(errs.Invalid, "the street may have at most 100 characters")
	}
	if q.Limit <= 0 || q.Limit > 50 {
		q.Limit = 10
	}
	return nil
}

// Lookup finds residents whose full name resembles q.Name (accents and case
// ignored, typos tolerated, either order), and writes one audit row with
// who asked, why, and which records were returned — in one transaction, so
// no look-up escapes the log.
func (g *Register) Lookup(ctx context.Context, municipalityID, staffID int, q ResidentQuery) ([]Resident, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	var out []Resident
	err := pgx.BeginFunc(ctx, g.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			WITH q AS (SELECT loket_fold($2) AS name, loket_norm($4) AS street)
			SELECT r.id, r.first_name, r.last_name, r.birth_date::text, r.email, r.phone, r.language,
			       a.id, a.street_nl || ' ' || a.house_number || CASE WHEN a.box <> '' THEN ' bus ' || a.box ELSE '' END
			             || ', ' || a.postcode,
			       ST_X(a.geom), ST_Y(a.geom),
			       -- trigrams ignore word order: "Jan Peeters" finds "Peeters Jan"
			       similarity(loket_fold(r.last_name || ' ' || r.first_name), q.name) AS score
			  FROM resident r CROSS JOIN q
			  LEFT JOIN address a ON a.municipality_id = r.municipality_id AND a.id = r.address_id
			 WHERE r.municipality_id = $1
			   AND loket_fold(r.last_name || ' ' || r.first_name) % q.name
			   AND ($3 = 0 OR extract(year FROM r.birth_date) = $3)
			   AND (q.street IS NULL OR q.street = '' OR loket_norm(a.street_nl) LIKE '%' || q.street || '%'
			        OR loket_norm(coalesce(a.street_fr, '')) LIKE '%' || q.street || '%')
			 ORDER BY score DESC, r.last_name, r.first_name, r.id
			 LIMIT $5`, municipalityID, q.Name, q.BirthYear, q.Street, q.Limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Resident, error) {
			var r Resident
			err := row.Scan(&r.ID, &r.FirstName, &r.LastName, &r.BirthDate, &r.Email, &r.Phone, &r.Language,
				&r.AddressID, &r.Address, &r.Lon, &r.Lat, &r.Score)
			return r, err
		})
		if err != nil {
			return err
		}
		ids := make([]int64, len(out))
		for i, r := range out {
			ids[i] = r.ID
		}
		data, _ := json.Marshal(map[string]any{
			"name": q.Name, "birth_year": q.BirthYear, "street": q.Street, "returned": ids,
		})
		_, err = tx.Exec(ctx, `
			INSERT INTO audit_log (municipality_id, actor_staff_id, action, subject, reason, data)
			VALUES ($1, $2, 'resident.lookup', 'resident', $3, $4)`, municipalityID, staffID, q.Reason, data)
		return err
	})
	return out, err
}
