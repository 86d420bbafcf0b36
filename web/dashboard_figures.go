package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// The dashboard's own figures: small queries over the ticket table, each
// for the filter's period and team.

// trendGroups is how many category groups get a chart of their own; the
// others are summed in one more.
const trendGroups = 6

// dashTrends is the tickets created per week, in all and per category
// group (a top-level category with its sub-categories).
type dashTrends struct {
	Weeks  []time.Time // the Mondays, in the municipality's calendar
	Total  []int       // per week
	Sum    int
	Groups []trendGroup // the busiest first, then "other"
}

// trendGroup is one category group's tickets per week.
type trendGroup struct {
	Code, Name string // Code is empty for the other groups together
	Sum        int
	Counts     []int
}

// mondays lists the weeks that [from, to) touches, by their Monday.
func mondays(from, to time.Time) []time.Time {
	start := from.AddDate(0, 0, -(int(from.Weekday())+6)%7)
	var out []time.Time
	for w := start; w.Before(to); w = w.AddDate(0, 0, 7) {
		out = append(out, w)
	}
	return out
}

func (h *Handler) dashTrends(ctx context.Context, municipality int, f dashFilter, lang string) (*dashTrends, error) {
	rows, err := h.pool.Query(ctx, `
		SELECT date_trunc('week', t.created_at AT TIME ZONE $5)::date::text, coalesce(p.code, c.code),
		       CASE $6 WHEN 'fr' THEN coalesce(p.name_fr, c.name_fr) WHEN 'en' THEN coalesce(p.name_en, c.name_en)
		               ELSE coalesce(p.name_nl, c.name_nl) END,
		       count(*)
		  FROM ticket t
		  JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		  LEFT JOIN category p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id
		 WHERE t.municipality_id = $1 AND t.created_at >= $2 AND t.created_at < $3 AND ($4::int IS NULL OR t.team_id = $4)
		 GROUP BY 1, 2, 3`, municipality, f.From, f.To, f.TeamID(), f.Zone.String(), lang)
	if err != nil {
		return nil, err
	}
	tr := &dashTrends{Weeks: mondays(f.From, f.To)}
	tr.Total = make([]int, len(tr.Weeks))
	index := make(map[string]int, len(tr.Weeks))
	for i, w := range tr.Weeks {
		index[w.Format(time.DateOnly)] = i
	}
	groups := map[string]*trendGroup{}
	var week, code, name string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&week, &code, &name, &n}, func() error {
		i, ok := index[week]
		if !ok {
			return nil // cannot happen: the weeks cover the period
		}
		g := groups[code]
		if g == nil {
			g = &trendGroup{Code: code, Name: name, Counts: make([]int, len(tr.Weeks))}
			groups[code] = g
		}
		g.Counts[i] += n
		g.Sum += n
		tr.Total[i] += n
		tr.Sum += n
		return nil
	})
	if err != nil {
		return nil, err
	}
	all := make([]trendGroup, 0, len(groups))
	for _, g := range groups {
		all = append(all, *g)
	}
	slices.SortFunc(all, func(a, b trendGroup) int { return cmp.Or(cmp.Compare(b.Sum, a.Sum), cmp.Compare(a.Name, b.Name)) })
	if len(all) <= trendGroups+1 {
		tr.Groups = all
		return tr, nil
	}
	other := trendGroup{Name: translate(lang, "dash.trends.other"), Counts: make([]int, len(tr.Weeks))}
	for _, g := range all[trendGroups:] {
		other.Sum += g.Sum
		for i, c := range g.Counts {
			other.Counts[i] += c
		}
	}
	tr.Groups = append(all[:trendGroups:trendGroups], other)
	return tr, nil
}

// leadRow is the time from created to closed of one team's or one
// neighbourhood's tickets, in days.
type leadRow struct {
	Code, Name  string // both empty for tickets without a team or neighbourhood
	Tickets     int
	Median, P90 float64
}

// dashLeadTimes are the lead times of the tickets closed in the period,
// overall and by team and by neighbourhood, the slowest first.
type dashLeadTimes struct {
	All             leadRow
	ByTeam, ByPlace []leadRow
}

// Lead times count the tickets closed as handled: a rejected request or
// a duplicate is closed in minutes and would make every team look fast.
const leadTimesSQL = `
	SELECT grouping(%[1]s)::int, coalesce(%[1]s, ''), coalesce(%[2]s, ''), count(*),
	       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.closed_at - t.created_at) / 86400),
	       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.closed_at - t.created_at) / 86400)
	  FROM ticket t
	  %[3]s
	 WHERE t.municipality_id = $1 AND t.status = 'closed' AND t.closed_at >= $2 AND t.closed_at < $3
	   AND ($4::int IS NULL OR t.team_id = $4)
	 GROUP BY GROUPING SETS ((%[1]s, %[2]s), ())`

var (
	leadByTeamSQL = fmt.Sprintf(leadTimesSQL, "tm.code",
		"CASE $5 WHEN 'fr' THEN tm.name_fr WHEN 'en' THEN tm.name_en ELSE tm.name_nl END",
		"LEFT JOIN team tm ON tm.municipality_id = t.municipality_id AND tm.id = t.team_id")
	leadByPlaceSQL = fmt.Sprintf(leadTimesSQL, "n.code", "n.name",
		"LEFT JOIN neighbourhood n ON n.municipality_id = t.municipality_id AND n.id = t.neighbourhood_id")
)

func (h *Handler) dashLeadTimes(ctx context.Context, municipality int, f dashFilter, lang string) (*dashLeadTimes, error) {
	out := &dashLeadTimes{}
	for _, q := range []struct {
		sql  string
		args []any
		rows *[]leadRow
	}{
		{leadByTeamSQL, []any{municipality, f.From, f.To, f.TeamID(), lang}, &out.ByTeam},
		{leadByPlaceSQL, []any{municipality, f.From, f.To, f.TeamID()}, &out.ByPlace},
	} {
		rows, err := h.pool.Query(ctx, q.sql, q.args...)
		if err != nil {
			return nil, err
		}
		var total int
		var r leadRow
		_, err = pgx.ForEachRow(rows, []any{&total, &r.Code, &r.Name, &r.Tickets, &r.Median, &r.P90}, func() error {
			if total == 1 {
				out.All = r
			} else {
				*q.rows = append(*q.rows, r)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.SortFunc(*q.rows, func(a, b leadRow) int { return cmp.Or(cmp.Compare(b.Median, a.Median), cmp.Compare(a.Name, b.Name)) })
	}
	return out, nil
}

// dupRow is the share of one category's tickets closed as a duplicate.
type dupRow struct {
	Code, Name       string
	Tickets, Doubles int
	Share            float64 // 0…1
}

// dashDuplicates are the duplicate rates per category of the tickets
// created in the period, the highest first.
func (h *Handler) dashDuplicates(ctx context.Context, municipality int, f dashFilter, lang string) ([]dupRow, error) {
	rows, err := h.pool.Query(ctx, `
		SELECT c.code, CASE $5 WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END,
		       count(*), count(*) FILTER (WHERE t.status = 'duplicate')
		  FROM ticket t
		  JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		 WHERE t.municipality_id = $1 AND t.created_at >= $2 AND t.created_at < $3 AND ($4::int IS NULL OR t.team_id = $4)
		 GROUP BY 1, 2`, municipality, f.From, f.To, f.TeamID(), lang)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dupRow, error) {
		var d dupRow
		err := r.Scan(&d.Code, &d.Name, &d.Tickets, &d.Doubles)
		d.Share = float64(d.Doubles) / float64(d.Tickets)
		return d, err
	})
	slices.SortFunc(out, func(a, b dupRow) int {
		return cmp.Or(cmp.Compare(b.Share, a.Share), cmp.Compare(b.Tickets, a.Tickets), cmp.Compare(a.Name, b.Name))
	})
	return out, err
}

// teamCategories are the codes of the categories a team looks after: its
// own by default, and those of which it handled tickets in the period.
// The analyses of analytics/ select by category, not by team.
func (h *Handler) teamCategories(ctx context.Context, municipality int, f dashFilter) ([]string, error) {
	rows, err := h.pool.Query(ctx, `
		SELECT code FROM category WHERE municipality_id = $1 AND default_team_id = $2
		UNION
		SELECT c.code FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		 WHERE t.municipality_id = $1 AND t.team_id = $2 AND t.created_at >= $3 AND t.created_at < $4
		ORDER BY 1`, municipality, f.Team.ID, f.From, f.To)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
