package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"loket/analytics/season"
	"loket/analytics/weather"
	"loket/internal/errs"
)

// The weather-season report and the demand forecast of analytics/season,
// the functions behind /api/analytics/season and /api/analytics/forecast.
// Fitting a model per category and simulating the forecast's intervals
// takes the longest of the dashboard, so this section is a page of its
// own that the dashboard fetches after it has been shown.

// forecastDays is the forecast's horizon, the most analytics/season allows.
const forecastDays = 14

// seasonView is the report as the page shows it.
type seasonView struct {
	From, To    time.Time
	WeatherDays int
	Rows        []seasonRow
	Driven      []drivenView // the weather-driven categories, with their effects
	Skipped     int          // categories with too few tickets for a model
}

// seasonRow is one category's verdicts.
type seasonRow struct {
	Name          string
	Tickets       int
	PerDay        float64
	WeatherDriven bool
	WeatherP      string // the adjusted p-value of the weather test, or empty
	Seasonal      bool
	Peak          string // the busiest season, in words
	Effects       string // the clear weather effects in words
}

// drivenView is a weather-driven category's effects, charted and listed.
type drivenView struct {
	Name    string
	Chart   svgChart
	Effects []effectView
}

type effectView struct {
	Term, Text string
	P          float64
	Clear      bool
}

// forecastView is the forecast as the page shows it.
type forecastView struct {
	Weather    string // where the weather of the forecast days comes from, in words
	From, To   time.Time
	HistoryTo  time.Time
	Categories []forecastCategory
	Skipped    int
}

type forecastCategory struct {
	Name  string
	Chart svgChart
	Days  []bandDay
}

// dashSeasonView is the section's data.
type dashSeasonView struct {
	Filter       dashFilter
	BackURL      string
	NoCategories bool
	Report       *seasonView
	ReportNote   string // why there is no report
	Forecast     *forecastView
	ForecastNote string // why there is no forecast
}

// tf formats a catalogue text of lang.
func tf(lang, key string, args ...any) string { return fmt.Sprintf(translate(lang, key), args...) }

// termName says a model term in lang, or in the report's English words
// when the catalogue does not know it.
func termName(lang, term, per string) string {
	if s := translate(lang, "dash.term."+term); s != "dash.term."+term {
		return s
	}
	return per
}

func effectText(lang string, e season.Effect) string {
	if !e.Estimable {
		return tf(lang, "dash.effect.unknown", termName(lang, e.Term, e.Per))
	}
	return tf(lang, "dash.effect", fmtSigned(lang, e.Percent), termName(lang, e.Term, e.Per), fmtSigned(lang, e.Lo95), fmtSigned(lang, e.Hi95))
}

// clearEffect is an effect whose 95 % interval leaves out no change.
func clearEffect(e season.Effect) bool { return e.Estimable && e.P < 0.05 }

func (h *Handler) seasonReport(ctx context.Context, municipality int, codes []string, lang string) (*seasonView, error) {
	rep, err := season.New(h.pool).Report(ctx, municipality, season.Query{Categories: codes, Language: lang})
	if err != nil {
		return nil, err
	}
	v := &seasonView{From: rep.From.Time, To: rep.To.Time, WeatherDays: rep.WeatherDays, Skipped: len(rep.Skipped)}
	cats := slices.Clone(rep.Categories)
	slices.SortStableFunc(cats, func(a, b season.CategoryReport) int {
		if a.WeatherDriven != b.WeatherDriven {
			if a.WeatherDriven {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Tickets, a.Tickets)
	})
	for _, c := range cats {
		row := seasonRow{Name: c.Name, Tickets: c.Tickets, PerDay: c.PerDay, WeatherDriven: c.WeatherDriven, Seasonal: c.Seasonal}
		if c.WeatherTest != nil {
			row.WeatherP = fmtNum(lang, c.WeatherTest.AdjustedP, 3)
		}
		if c.Seasonal {
			for _, p := range c.BySeason {
				if p.Name == c.PeakSeason {
					row.Peak = tf(lang, "dash.season.peak", translate(lang, "dash.season."+p.Name), fmtNum(lang, p.Index, 1))
				}
			}
		}
		var clear []string
		var rows []effectRow
		var effects []effectView
		for _, e := range c.Effects {
			if e.Term == "holiday" || e.Term == "school_holiday" {
				continue // the calendar's, not the weather's
			}
			text := effectText(lang, e)
			effects = append(effects, effectView{Term: termName(lang, e.Term, e.Per), Text: text, P: e.P, Clear: clearEffect(e)})
			if clearEffect(e) {
				clear = append(clear, text)
			}
			if e.Estimable {
				rows = append(rows, effectRow{Label: termName(lang, e.Term, e.Per), Percent: e.Percent, Lo: e.Lo95, Hi: e.Hi95,
					Clear: clearEffect(e), Title: text})
			}
		}
		row.Effects = strings.Join(clear, "; ")
		v.Rows = append(v.Rows, row)
		if c.WeatherDriven && len(rows) > 0 {
			id := "chart-effects-" + c.Code
			v.Driven = append(v.Driven, drivenView{Name: c.Name, Effects: effects,
				Chart: forestChart(id, tf(lang, "dash.effects.chart", c.Name), translate(lang, "dash.effects.desc"), lang, rows)})
		}
	}
	return v, nil
}

// forecastWeather is the weather of the days after the history: a stored
// weather forecast where there is one, else the weather of the same days
// 52 weeks earlier as a stand-in (same weekdays, same time of year).
func (h *Handler) forecastWeather(ctx context.Context, municipality int, last time.Time, lang string) ([]weather.Day, string, error) {
	first, final := last.AddDate(0, 0, 1), last.AddDate(0, 0, forecastDays)
	stored, err := weather.Daily(ctx, h.pool, municipality, first, final)
	if err != nil {
		return nil, "", err
	}
	if run := consecutiveWeather(stored, first, 0); len(run) > 0 {
		return run, tf(lang, "dash.forecast.stored", run[0].Source), nil
	}
	const back = -364
	earlier, err := weather.Daily(ctx, h.pool, municipality, first.AddDate(0, 0, back), final.AddDate(0, 0, back))
	if err != nil {
		return nil, "", err
	}
	return consecutiveWeather(earlier, first.AddDate(0, 0, back), -back), translate(lang, "dash.forecast.lastyear"), nil
}

// consecutiveWeather is the days of ds from first on, without a gap and
// with the values the models need, each moved shift days on.
func consecutiveWeather(ds []weather.Day, first time.Time, shift int) []weather.Day {
	var run []weather.Day
	next := weather.Date(first)
	for _, d := range ds {
		if !weather.Date(d.Day).Equal(next) || d.TempMinC == nil || d.TempMaxC == nil || d.PrecipMM == nil {
			break
		}
		d.Day = weather.Date(d.Day).AddDate(0, 0, shift)
		run = append(run, d)
		next = next.AddDate(0, 0, 1)
	}
	return run
}

// lastFullDay is the last day of the history a forecast follows, as
// analytics/season reads it: yesterday, or the day of the newest ticket.
func (h *Handler) lastFullDay(ctx context.Context, municipality int) (*time.Time, error) {
	var last *time.Time
	err := h.pool.QueryRow(ctx, `
		SELECT least((now() AT TIME ZONE m.time_zone)::date - 1,
		             (SELECT (max(t.created_at) AT TIME ZONE m.time_zone)::date FROM ticket t WHERE t.municipality_id = m.id))
		  FROM municipality m WHERE m.id = $1`, municipality).Scan(&last)
	return last, err
}

func (h *Handler) seasonForecast(ctx context.Context, municipality int, codes []string, lang string) (*forecastView, string, error) {
	last, err := h.lastFullDay(ctx, municipality)
	if err != nil {
		return nil, "", err
	}
	if last == nil {
		return nil, translate(lang, "dash.forecast.notickets"), nil
	}
	days, source, err := h.forecastWeather(ctx, municipality, *last, lang)
	if err != nil {
		return nil, "", err
	}
	if len(days) == 0 {
		return nil, translate(lang, "dash.forecast.noweather"), nil
	}
	rep, err := season.New(h.pool).Forecast(ctx, municipality, season.Query{Categories: codes, Language: lang}, days)
	if err != nil {
		return nil, "", err
	}
	v := &forecastView{Weather: source, From: days[0].Day, To: days[len(days)-1].Day, HistoryTo: rep.HistoryTo.Time, Skipped: len(rep.Skipped)}
	cats := slices.Clone(rep.Categories)
	total := func(c season.CategoryForecast) (s float64) {
		for _, d := range c.Days {
			s += d.Mean
		}
		return s
	}
	slices.SortStableFunc(cats, func(a, b season.CategoryForecast) int { return cmp.Compare(total(b), total(a)) })
	for _, c := range cats {
		fc := forecastCategory{Name: c.Name}
		for _, d := range c.Days {
			fc.Days = append(fc.Days, bandDay{Day: d.Day.Time, Mean: d.Mean, Lo80: d.Lo80, Hi80: d.Hi80, Lo95: d.Lo95, Hi95: d.Hi95,
				Title: tf(lang, "dash.forecast.mark", fmtDay(d.Day.Time), fmtNum(lang, d.Mean, 1),
					fmtNum(lang, d.Lo80, 0), fmtNum(lang, d.Hi80, 0), fmtNum(lang, d.Lo95, 0), fmtNum(lang, d.Hi95, 0))})
		}
		fc.Chart = bandChart("chart-forecast-"+c.Code, tf(lang, "dash.forecast.chart", c.Name), translate(lang, "dash.forecast.desc"), lang, fc.Days)
		v.Categories = append(v.Categories, fc)
	}
	return v, "", nil
}

// buildSeason fills the section: a mistake the analyses report (too short
// a history, say) becomes a note in its place, any other error fails.
func (h *Handler) buildSeason(ctx context.Context, municipality int, f dashFilter, lang string) (*dashSeasonView, error) {
	v := &dashSeasonView{Filter: f}
	var codes []string
	if f.Team != nil {
		var err error
		if codes, err = h.teamCategories(ctx, municipality, f); err != nil {
			return nil, err
		}
		if len(codes) == 0 {
			v.NoCategories = true
			return v, nil
		}
	}
	note := func(err error) (string, error) {
		if errs.KindOf(err) == errs.Invalid {
			return errs.MessageOf(err), nil
		}
		return "", err
	}
	var err error
	if v.Report, err = h.seasonReport(ctx, municipality, codes, lang); err != nil {
		if v.ReportNote, err = note(err); err != nil {
			return nil, err
		}
	}
	var msg string
	if v.Forecast, msg, err = h.seasonForecast(ctx, municipality, codes, lang); err != nil {
		if v.ForecastNote, err = note(err); err != nil {
			return nil, err
		}
	} else if msg != "" {
		v.ForecastNote = msg
	}
	return v, nil
}
