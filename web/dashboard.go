package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
	"loket/internal/errs"
)

// The managers' dashboard: spike alerts, the hotspot map with the
// clusters, the trends, lead times and duplicate rates of a period and
// team, and, fetched on its own because its models take longest, the
// weather-season report with the forecast. Charts are inline SVG drawn
// here, each with a table of its numbers.
var (
	dashboardPage  = parseDashboard("dashboard.html")
	dashSeasonPage = parseDashboard("season.html")
)

// parseDashboard builds a dashboard page over the shared layout and the
// dashboard's own parts (charts, the filter form).
func parseDashboard(name string) *template.Template {
	return template.Must(template.New(name).Funcs(pageFuncs).Funcs(dashFuncs).
		ParseFS(templateFiles, "templates/layout/*.html", "templates/dashboard/parts.html", "templates/dashboard/"+name))
}

var dashFuncs = template.FuncMap{
	"num":    fmtNum,
	"pct":    fmtPct,
	"fmtDay": fmtDay,
	// dict passes several values to a template: dict "Key" value ….
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"periods": func() []string {
		codes := make([]string, 0, len(dashPeriods)+1)
		for _, p := range dashPeriods {
			codes = append(codes, p.code)
		}
		return append(codes, customPeriod)
	},
}

// dashboardRoutes mounts the managers' dashboard at /werk/dashboard.
func (h *Handler) dashboardRoutes(r chi.Router) {
	r.Get("/werk/dashboard", h.dashboard)
	r.Get("/werk/dashboard/seizoen", h.dashboardSeason)
}

// dashView is the dashboard page's data; the sections are nil on a page
// that only shows the form with a mistake in it.
type dashView struct {
	Filter       dashFilter
	SeasonURL    template.URL
	NoCategories bool // the team looks after no category: no alerts, clusters or season
	Alerts       *dashAlerts
	Hotspots     *dashHotspots
	Clusters     *dashClusters
	Trends       *dashTrends
	TrendTotal   svgChart
	TrendCharts  []svgChart // per category group, as Trends.Groups
	Lead         *dashLeadTimes
	LeadTeams    svgChart
	LeadPlaces   svgChart
	Duplicates   []dupRow
	DupChart     svgChart
}

// maxDupBars is how many categories the duplicates chart shows; the table
// under it has them all.
const maxDupBars = 10

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	p := h.staffWith(w, r, auth.RoleManager)
	if p == nil {
		return
	}
	ctx := r.Context()
	page := newPage(w, r, "dash.title", nil)
	f, err := h.readDashFilter(ctx, r.URL.Query(), p.MunicipalityID, page.Lang)
	if err != nil {
		h.dashMistake(w, r, dashboardPage, page, &dashView{Filter: f}, err)
		return
	}
	v, err := h.buildDashboard(ctx, p.MunicipalityID, f, page.Lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Data = v
	w.Header().Set("Cache-Control", "private, no-store")
	render(w, r, dashboardPage, http.StatusOK, page)
}

// dashboardSeason is the weather-season report and the forecast as a page
// of their own: the dashboard shows a link to it, which its script turns
// into the section itself once fetched.
func (h *Handler) dashboardSeason(w http.ResponseWriter, r *http.Request) {
	p := h.staffWith(w, r, auth.RoleManager)
	if p == nil {
		return
	}
	ctx := r.Context()
	page := newPage(w, r, "dash.season.title", nil)
	f, err := h.readDashFilter(ctx, r.URL.Query(), p.MunicipalityID, page.Lang)
	if err != nil {
		h.dashMistake(w, r, dashSeasonPage, page, &dashSeasonView{Filter: f, BackURL: "/werk/dashboard"}, err)
		return
	}
	v, err := h.buildSeason(ctx, p.MunicipalityID, f, page.Lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.BackURL = "/werk/dashboard?" + f.Query()
	page.Data = v
	w.Header().Set("Cache-Control", "private, no-store")
	render(w, r, dashSeasonPage, http.StatusOK, page)
}

// dashMistake shows a page with the form and what is wrong with it, or
// fails for anything else than a mistake in the form.
func (h *Handler) dashMistake(w http.ResponseWriter, r *http.Request, t *template.Template, page Page, data any, err error) {
	if !isFilterMistake(err) {
		h.fail(w, r, err)
		return
	}
	page.Error = errs.MessageOf(err)
	page.Data = data
	render(w, r, t, http.StatusBadRequest, page)
}

func (h *Handler) buildDashboard(ctx context.Context, municipality int, f dashFilter, lang string) (*dashView, error) {
	v := &dashView{Filter: f, SeasonURL: template.URL("/werk/dashboard/seizoen?" + f.Query())}
	var codes []string
	var err error
	if f.Team != nil {
		if codes, err = h.teamCategories(ctx, municipality, f); err != nil {
			return nil, err
		}
		v.NoCategories = len(codes) == 0
	}
	if !v.NoCategories {
		if v.Alerts, err = h.dashAlerts(ctx, municipality, codes, lang); err != nil {
			return nil, err
		}
		if v.Clusters, err = h.dashClusters(ctx, municipality, f, codes, lang); err != nil {
			return nil, err
		}
	}
	if v.Hotspots, err = h.dashHotspots(ctx, municipality); err != nil {
		return nil, err
	}
	if v.Trends, err = h.dashTrends(ctx, municipality, f, lang); err != nil {
		return nil, err
	}
	if v.Lead, err = h.dashLeadTimes(ctx, municipality, f, lang); err != nil {
		return nil, err
	}
	if v.Duplicates, err = h.dashDuplicates(ctx, municipality, f, lang); err != nil {
		return nil, err
	}
	v.drawCharts(lang)
	return v, nil
}

// drawCharts draws the charts of the figures.
func (v *dashView) drawCharts(lang string) {
	tr := v.Trends
	weekTitle := func(counts []int) func(int) string {
		return func(i int) string {
			return tf(lang, "dash.trends.mark", fmtDay(tr.Weeks[i]), counts[i])
		}
	}
	v.TrendTotal = weeklyChart("chart-trend-total", translate(lang, "dash.trends.total"),
		tf(lang, "dash.trends.desc", tr.Sum, len(tr.Weeks)), lang, tr.Weeks, tr.Total, false, weekTitle(tr.Total))
	for i, g := range tr.Groups {
		v.TrendCharts = append(v.TrendCharts, weeklyChart(chartID("chart-trend-", g.Code, i), g.Name,
			tf(lang, "dash.trends.desc", g.Sum, len(tr.Weeks)), lang, tr.Weeks, g.Counts, true, weekTitle(g.Counts)))
	}
	days := func(d float64) string { return fmtNum(lang, d, 0) }
	lead := func(rows []leadRow, unknown string) []hbar {
		out := make([]hbar, len(rows))
		for i, r := range rows {
			name := r.Name
			if name == "" {
				name = translate(lang, unknown)
			}
			out[i] = hbar{Label: name, Value: r.Median, Whisker: r.P90,
				Title: tf(lang, "dash.lead.mark", name, fmtNum(lang, r.Median, 1), fmtNum(lang, r.P90, 1), r.Tickets)}
		}
		return out
	}
	v.LeadTeams = hbarChart("chart-lead-teams", translate(lang, "dash.lead.teams"), translate(lang, "dash.lead.desc"),
		lead(v.Lead.ByTeam, "dash.lead.noteam"), days, 1)
	v.LeadPlaces = hbarChart("chart-lead-places", translate(lang, "dash.lead.places"), translate(lang, "dash.lead.desc"),
		lead(v.Lead.ByPlace, "dash.lead.noplace"), days, 1)
	var dups []hbar
	for _, d := range v.Duplicates {
		if d.Doubles == 0 || len(dups) == maxDupBars {
			break // the rows come highest first
		}
		dups = append(dups, hbar{Label: d.Name, Value: d.Share,
			Title: tf(lang, "dash.dup.mark", d.Name, fmtPct(lang, d.Share, 1), d.Doubles, d.Tickets)})
	}
	v.DupChart = hbarChart("chart-duplicates", translate(lang, "dash.dup.chart"), translate(lang, "dash.dup.desc"),
		dups, func(s float64) string { return fmtPct(lang, s, 0) }, 0.01)
}

// chartID is a chart's id from a code, or from its position when the
// code is empty.
func chartID(prefix, code string, i int) string {
	if code == "" {
		return prefix + "other-" + strconv.Itoa(i)
	}
	return prefix + code
}
