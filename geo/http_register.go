package geo

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// Routes mounts the population-register search, for agents only.
func (g *Register) Routes(r chi.Router) {
	r.With(auth.Require(auth.RoleAgent)).Get("/api/residents", httpx.JSON(g.lookup))
}

type residentsResponse struct {
	Residents []Resident `json:"residents"`
}

func (g *Register) lookup(r *http.Request) (any, error) {
	p := auth.From(r.Context())
	v := r.URL.Query()
	q := ResidentQuery{Name: v.Get("name"), Street: v.Get("street"), Reason: v.Get("reason")}
	var err error
	if s := v.Get("birth_year"); s != "" {
		if q.BirthYear, err = strconv.Atoi(s); err != nil {
			return nil, errs.E(errs.Invalid, "birth_year must be a year such as 1975")
		}
	}
	if s := v.Get("limit"); s != "" {
		if q.Limit, err = strconv.Atoi(s); err != nil || q.Limit < 1 || q.Limit > 50 {
			return nil, errs.E(errs.Invalid, "limit must be a number from 1 to 50")
		}
	}
	found, err := g.Lookup(r.Context(), p.MunicipalityID, p.StaffID, q)
	if err != nil {
		return nil, err
	}
	if found == nil {
		found = []Resident{}
	}
	return residentsResponse{Residents: found}, nil
}
