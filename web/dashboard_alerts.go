package web

import (
	"context"
	"time"

	"loket/analytics/spikes"
)

// alertDays is how many days up to today the spike detection tests: a
// month shows a drift that has lasted weeks as well as today's spike.
const alertDays = 28

// maxAlerts keeps the list at the top of the page short.
const maxAlerts = 8

// dashAlert is one series (a category, in the whole municipality or one
// neighbourhood) with an alert, as of its newest alerting day.
type dashAlert struct {
	Category   string
	Place      string // empty: the whole municipality
	Kind       string // spike or drift
	Since, Day time.Time
	Observed   float64
	Expected   float64
	Days       int // days of the window on which the series alerted
}

// dashAlerts are the newest alerts per series, the newest day first.
type dashAlerts struct {
	From, Day time.Time // the days tested
	Monitored int
	List      []dashAlert
	More      int
}

// dashAlerts runs analytics/spikes over the last alertDays days; codes
// limits it to a team's categories (nil: every category).
func (h *Handler) dashAlerts(ctx context.Context, municipality int, codes []string, lang string) (*dashAlerts, error) {
	rep, err := spikes.New(h.pool).Detect(ctx, municipality, spikes.Query{Days: alertDays, Categories: codes, Language: lang})
	if err != nil {
		return nil, err
	}
	out := &dashAlerts{From: rep.From.Time, Day: rep.Day.Time, Monitored: rep.Series.Monitored}
	seen := map[[2]string]int{} // series → index in out.List
	for _, a := range rep.Alerts {
		key := [2]string{a.Category.Code, ""}
		place := ""
		if a.Neighbourhood != nil {
			key[1], place = a.Neighbourhood.Code, a.Neighbourhood.Name
		}
		if i, ok := seen[key]; ok {
			out.List[i].Days++
			continue
		}
		seen[key] = len(out.List)
		out.List = append(out.List, dashAlert{Category: a.Category.Name, Place: place, Kind: string(a.Kind),
			Since: a.Since.Time, Day: a.Day.Time, Observed: a.Observed, Expected: a.Expected, Days: 1})
	}
	if len(out.List) > maxAlerts {
		out.More = len(out.List) - maxAlerts
		out.List = out.List[:maxAlerts]
	}
	return out, nil
}
