package auth

import (
	"context"
	"crypto/sha256"
	"errors"

	"github.com/jackc/pgx/v5"
)

// principalSQL finds the holder of a token hash among staff sessions,
// citizen sessions and machine clients in one round trip. Tokens are 256
// random bits, so at most one branch matches.
const principalSQL = `
	SELECT 'staff', st.municipality_id, st.id::bigint, st.name, st.email, st.team_id, st.roles,
	       se.csrf_hash, NULL::text, false, NULL::bigint
	  FROM staff_session se
	  JOIN staff st ON st.municipality_id = se.municipality_id AND st.id = se.staff_id
	 WHERE se.token_hash = $1 AND se.expires_at > now() AND st.active
	UNION ALL
	SELECT 'citizen', c.municipality_id, c.id, c.name, c.email, NULL::integer, ARRAY['citizen'],
	       cs.csrf_hash, c.language, c.email_verified_at IS NOT NULL, c.resident_id
	  FROM citizen_session cs
	  JOIN citizen c ON c.municipality_id = cs.municipality_id AND c.id = cs.citizen_id
	 WHERE cs.token_hash = $1 AND cs.expires_at > now()
	UNION ALL
	SELECT 'client', a.municipality_id, a.id::bigint, a.name, '', NULL::integer, ARRAY['client'],
	       NULL::bytea, NULL::text, false, NULL::bigint
	  FROM api_client a
	 WHERE a.token_hash = $1 AND a.active
	LIMIT 1`

// Principal returns who holds token, or nil when it is unknown, expired or
// switched off.
func (s *Store) Principal(ctx context.Context, token string) (*Principal, error) {
	p, _, err := s.resolve(ctx, token)
	return p, err
}

// resolve returns the holder of token and the hash of its session's CSRF
// token (nil for machine clients and for sessions older than CSRF tokens).
func (s *Store) resolve(ctx context.Context, token string) (*Principal, []byte, error) {
	if token == "" || len(token) > 100 {
		return nil, nil, nil
	}
	sum := sha256.Sum256([]byte(token))
	var (
		p        Principal
		kind     string
		id       int64
		csrfHash []byte
		language *string
	)
	err := s.pool.QueryRow(ctx, principalSQL, sum[:]).Scan(&kind, &p.MunicipalityID, &id, &p.Name,
		&p.Email, &p.TeamID, &p.Roles, &csrfHash, &language, &p.EmailVerified, &p.ResidentID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case "staff":
		p.StaffID = int(id)
	case "citizen":
		p.CitizenID = id
	case "client":
		p.ClientID = int(id)
	}
	if language != nil {
		p.Language = *language
	}
	return &p, csrfHash, nil
}
