package ticketing

import (
	"net/http"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// CategoryInfo is a category as a reporting form lists it.
type CategoryInfo struct {
	Code       string `json:"code"`
	Parent     string `json:"parent,omitempty"`
	NameNL     string `json:"name_nl"`
	NameFR     string `json:"name_fr"`
	NameEN     string `json:"name_en"`
	TargetDays int    `json:"target_days"`
}

// handleCategories lists the active categories of the served municipality.
func (s *Service) handleCategories(r *http.Request) (any, error) {
	m, err := s.city.ID(r.Context())
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(r.Context(), `
		SELECT c.code, coalesce(p.code, ''), c.name_nl, c.name_fr, c.name_en, c.target_days
		FROM category c LEFT JOIN category p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id
		WHERE c.municipality_id = $1 AND c.active ORDER BY c.code`, m)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing categories failed")
	}
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[CategoryInfo])
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing categories failed")
	}
	return struct {
		Categories []CategoryInfo `json:"categories"`
	}{cs}, nil
}
