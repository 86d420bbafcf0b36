package ticketing

import (
	"context"

	"github.com/jackc/pgx/v5"

	"loket/internal/auth"
	"loket/internal/errs"
)

// StaffTicket is ticket ref as staff read it, named in lang, with its
// whole timeline (internal lines included).
func (s *Service) StaffTicket(ctx context.Context, p *auth.Principal, ref, lang string) (*Ticket, error) {
	if !p.IsStaff() {
		return nil, errs.E(errs.Forbidden, "only staff read a ticket this way")
	}
	return s.getByRef(ctx, p.MunicipalityID, ref, Language(lang), true)
}

// Places says where each of the tickets refs lies, for a map of them;
// unknown and unplaced tickets are left out.
func (s *Service) Places(ctx context.Context, municipalityID int, refs []string) (map[string]Location, error) {
	out := make(map[string]Location, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `
		SELECT reference, ST_X(geom), ST_Y(geom), geocode_quality, coalesce(address_text, '') FROM ticket
		WHERE municipality_id = $1 AND reference = ANY($2) AND geom IS NOT NULL`, municipalityID, refs)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "reading where the tickets lie failed")
	}
	var ref string
	var l Location
	_, err = pgx.ForEachRow(rows, []any{&ref, &l.Lon, &l.Lat, &l.Quality, &l.Address}, func() error {
		out[ref] = l
		return nil
	})
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "reading where the tickets lie failed")
	}
	return out, nil
}
