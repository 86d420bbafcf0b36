package web

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// dashPeriods are the periods the dashboard's form offers, the default
// last: a year is what the trends and lead times are about.
var dashPeriods = []struct {
	code         string
	months, days int
}{
	{"4w", 0, 28},
	{"3m", 3, 0},
	{"6m", 6, 0},
	{"12m", 12, 0},
}

const defaultDashPeriod = "12m"

// customPeriod is the period of the form's two dates.
const customPeriod = "custom"

// maxDashSpan keeps a typed range (2206 for 2026) from reading everything.
const maxDashSpan = 3 * 366 * 24 * time.Hour

// dashTeam is a team as the filter offers it.
type dashTeam struct {
	ID   int
	Code string
	Name string
}

// dashFilter is what the dashboard's form asks for: a period, given as
// one of dashPeriods or as two dates, and optionally one team.
type dashFilter struct {
	Period   string // a dashPeriods code, or customPeriod
	FromDate string // the form's dates as typed, shown back
	ToDate   string
	From, To time.Time // the tickets counted: created (or closed) in [From, To)
	Zone     *time.Location
	Team     *dashTeam // nil: every team
	Teams    []dashTeam
}

// Query is the filter as the query string of a link to a section of the
// dashboard that is fetched on its own.
func (f dashFilter) Query() string {
	v := url.Values{"period": {f.Period}}
	if f.Period == customPeriod {
		v.Set("from", f.FromDate)
		v.Set("to", f.ToDate)
	}
	if f.Team != nil {
		v.Set("team", f.Team.Code)
	}
	return v.Encode()
}

// LastDay is the last day counted, for saying the period in words.
func (f dashFilter) LastDay() time.Time { return f.To.AddDate(0, 0, -1) }

// TeamID is the team's id for a query, or nil for every team.
func (f dashFilter) TeamID() *int {
	if f.Team == nil {
		return nil
	}
	return &f.Team.ID
}

// readDashFilter reads ?period=4w|3m|6m|12m, or period=custom with
// from= and to= (dates, both days included; either may be left out), and
// ?team=<code>. A mistake is
// an errs.Invalid whose message is a catalogue key, so the page says it
// in the reader's language; the teams are read either way, for the form.
func (h *Handler) readDashFilter(ctx context.Context, q url.Values, municipality int, lang string) (dashFilter, error) {
	var f dashFilter
	var zoneName string
	if err := h.pool.QueryRow(ctx, `SELECT time_zone FROM municipality WHERE id = $1`, municipality).Scan(&zoneName); err != nil {
		return f, err
	}
	zone, err := time.LoadLocation(zoneName)
	if err != nil {
		return f, errs.Wrap(err, errs.Internal, "the municipality's time zone is not known")
	}
	f.Zone = zone
	if f.Teams, err = h.dashTeams(ctx, municipality, lang); err != nil {
		return f, err
	}
	f.Period = strings.TrimSpace(q.Get("period"))
	f.FromDate, f.ToDate = strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	if code := strings.TrimSpace(q.Get("team")); code != "" {
		for i := range f.Teams {
			if f.Teams[i].Code == code {
				f.Team = &f.Teams[i]
			}
		}
		if f.Team == nil {
			return f, errs.E(errs.Invalid, "dash.error.team")
		}
	}
	return f, f.resolvePeriod(time.Now().In(zone))
}

// resolvePeriod turns the form's period into [From, To) in the
// municipality's calendar, ending today at the latest. A named period
// wins over dates, which count with period=custom (or none).
func (f *dashFilter) resolvePeriod(now time.Time) error {
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, f.Zone)
	if f.Period == "" && f.FromDate == "" && f.ToDate == "" {
		f.Period = defaultDashPeriod
	}
	if f.Period != "" && f.Period != customPeriod {
		for _, p := range dashPeriods {
			if p.code == f.Period {
				f.To, f.From = tomorrow, tomorrow.AddDate(0, -p.months, -p.days)
				f.FromDate, f.ToDate = f.From.Format(time.DateOnly), f.LastDay().Format(time.DateOnly)
				return nil
			}
		}
		return errs.E(errs.Invalid, "dash.error.period")
	}
	f.Period = customPeriod
	f.To = tomorrow
	if f.ToDate != "" {
		to, err := time.ParseInLocation(time.DateOnly, f.ToDate, f.Zone)
		if err != nil {
			return errs.E(errs.Invalid, "dash.error.date")
		}
		if f.To = to.AddDate(0, 0, 1); f.To.After(tomorrow) {
			return errs.E(errs.Invalid, "dash.error.future")
		}
	}
	f.From = f.To.AddDate(-1, 0, 0)
	if f.FromDate != "" {
		from, err := time.ParseInLocation(time.DateOnly, f.FromDate, f.Zone)
		if err != nil {
			return errs.E(errs.Invalid, "dash.error.date")
		}
		f.From = from
	}
	switch {
	case !f.From.Before(f.To):
		return errs.E(errs.Invalid, "dash.error.order")
	case f.To.Sub(f.From) > maxDashSpan:
		return errs.E(errs.Invalid, "dash.error.long")
	}
	f.FromDate, f.ToDate = f.From.Format(time.DateOnly), f.LastDay().Format(time.DateOnly)
	return nil
}

// dashTeams are the municipality's teams by name in lang.
func (h *Handler) dashTeams(ctx context.Context, municipality int, lang string) ([]dashTeam, error) {
	rows, err := h.pool.Query(ctx, `
		SELECT id, code, CASE $2 WHEN 'fr' THEN name_fr WHEN 'en' THEN name_en ELSE name_nl END AS name
		  FROM team WHERE municipality_id = $1 ORDER BY name, code`, municipality, lang)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (dashTeam, error) {
		var t dashTeam
		err := r.Scan(&t.ID, &t.Code, &t.Name)
		return t, err
	})
}

// isFilterMistake tells a mistake in the form from a failure.
func isFilterMistake(err error) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Kind == errs.Invalid && strings.HasPrefix(e.Message, "dash.error.")
}
