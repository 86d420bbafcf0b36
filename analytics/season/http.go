package season

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"loket/analytics/weather"
	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// Routes mounts the weather-season report and the demand forecast, for
// staff only.
func (s *Service) Routes(r chi.Router) {
	r.With(auth.RequireStaff("the season reports and forecasts")).Get("/api/analytics/season", httpx.Private(httpx.JSON(s.handleReport)))
	r.With(auth.RequireStaff("the season reports and forecasts")).Post("/api/analytics/forecast", httpx.Private(httpx.JSON(s.handleForecast)))
}

func (s *Service) handleReport(r *http.Request) (any, error) {
	p := auth.From(r.Context())
	q, err := parseQuery(r.URL.Query(), []string{"category", "neighbourhood", "from", "to"})
	if err != nil {
		return nil, err
	}
	q.Language = p.Language
	return s.Report(r.Context(), p.MunicipalityID, q)
}

// maxForecastBytes bounds a posted forecast: two weeks of hourly CSV fit
// many times over.
const maxForecastBytes = 1 << 20

func (s *Service) handleForecast(r *http.Request) (any, error) {
	p := auth.From(r.Context())
	q, err := parseQuery(r.URL.Query(), []string{"category", "neighbourhood"})
	if err != nil {
		return nil, err
	}
	q.Language = p.Language
	body := http.MaxBytesReader(nil, r.Body, maxForecastBytes)
	media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var days []weather.Day
	switch {
	case media == "application/json" || media == "":
		days, err = ParseForecastJSON(body)
	case media == "text/csv" || media == "text/plain":
		var zone *time.Location
		if zone, err = s.timeZone(r.Context(), p.MunicipalityID); err == nil {
			days, err = ParseForecastCSV(body, zone)
		}
	default:
		return nil, errs.E(errs.Invalid, "post the forecast as application/json or text/csv, not %s", media)
	}
	if err != nil {
		if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
			return nil, errs.E(errs.Invalid, "the forecast is larger than %d bytes", maxForecastBytes)
		}
		return nil, err
	}
	return s.Forecast(r.Context(), p.MunicipalityID, q, days)
}

// parseQuery reads ?category=code,code&neighbourhood=code&from=…&to=…,
// refusing names it does not know so that a misspelt filter does not
// quietly report on everything.
func parseQuery(v url.Values, known []string) (Query, error) {
	var q Query
	for k, vals := range v {
		switch {
		case !slices.Contains(known, k):
			return q, errs.E(errs.Invalid, "unknown parameter %q: use %s", k, strings.Join(known, ", "))
		case len(vals) > 1 && k != "category":
			return q, errs.E(errs.Invalid, "give %s once", k)
		}
	}
	for _, list := range v["category"] {
		for _, code := range strings.Split(list, ",") {
			if code = strings.TrimSpace(code); code != "" {
				q.Categories = append(q.Categories, code)
			}
		}
	}
	q.Neighbourhood = v.Get("neighbourhood")
	for _, d := range []struct {
		name string
		to   *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := v.Get(d.name); s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return q, errs.E(errs.Invalid, "%s must be a date like 2026-11-27", d.name)
			}
			*d.to = t
		}
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, errs.E(errs.Invalid, "to (%s) comes before from (%s)", q.To.Format(time.DateOnly), q.From.Format(time.DateOnly))
	}
	return q, nil
}

// timeZone is the municipality's time zone, whose days hourly forecasts fill.
func (s *Service) timeZone(ctx context.Context, municipality int) (*time.Location, error) {
	var name string
	err := s.read(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT time_zone FROM municipality WHERE id = $1`, municipality).Scan(&name)
	})
	if err != nil {
		return nil, err
	}
	return time.LoadLocation(name)
}
