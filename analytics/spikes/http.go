package spikes

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// Routes mounts GET /api/analytics/spikes, for staff only: alerts list the
// tickets behind them.
func (s *Service) Routes(r chi.Router) {
	r.With(auth.RequireStaff("spike alerts")).Get("/api/analytics/spikes", httpx.Private(httpx.JSON(s.handleSpikes)))
}

func (s *Service) handleSpikes(r *http.Request) (any, error) {
	p := auth.From(r.Context())
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		return nil, err
	}
	q.Language = p.Language
	return s.Detect(r.Context(), p.MunicipalityID, q)
}

var queryParams = []string{"day", "days", "category", "neighbourhood"}

// parseQuery reads ?day=YYYY-MM-DD&days=N&category=code,code&neighbourhood=code.
// Names it does not know are refused, so a misspelt filter does not
// quietly test every series.
func parseQuery(v url.Values) (Query, error) {
	var q Query
	for k, vals := range v {
		switch {
		case !slices.Contains(queryParams, k):
			return q, errs.E(errs.Invalid, "unknown parameter %q: use %s", k, strings.Join(queryParams, ", "))
		case len(vals) > 1 && k != "category":
			return q, errs.E(errs.Invalid, "give %s once", k)
		}
	}
	if s := v.Get("day"); s != "" {
		day, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return q, errs.E(errs.Invalid, "day must be a date like 2026-11-27")
		}
		q.Day = day
	}
	if s := v.Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxDays {
			return q, errs.E(errs.Invalid, "days must be a whole number from 1 to %d", MaxDays)
		}
		q.Days = n
	}
	for _, list := range v["category"] {
		q.Categories = append(q.Categories, strings.Split(list, ",")...)
	}
	q.Neighbourhood = v.Get("neighbourhood")
	return q, nil
}
