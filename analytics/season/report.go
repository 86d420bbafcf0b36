package season

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// Report is the weather-season report of a municipality's categories.
type Report struct {
	From          Date             `json:"from"`
	To            Date             `json:"to"`
	Neighbourhood *Neighbourhood   `json:"neighbourhood,omitempty"`
	Days          int              `json:"days"`
	WeatherDays   int              `json:"weather_days"` // days of the range with stored weather
	Categories    []CategoryReport `json:"categories"`
	Skipped       []Skipped        `json:"skipped"`
	// WeatherDriven lists the codes of the weather-driven categories.
	WeatherDriven []string `json:"weather_driven"`
}

// CategoryReport is one category's seasons, weather effects and verdicts.
type CategoryReport struct {
	Category
	Tickets   int      `json:"tickets"`
	PerDay    float64  `json:"per_day"`
	ByMonth   []Period `json:"by_month"`
	BySeason  []Period `json:"by_season"`
	ByWeekday []Period `json:"by_weekday"`
	Model     Model    `json:"model"`
	Effects   []Effect `json:"effects"`
	// WeatherTest and SeasonTest are absent when the model has no such block.
	WeatherTest   *Test  `json:"weather_test,omitempty"`
	SeasonTest    *Test  `json:"season_test,omitempty"`
	WeatherDriven bool   `json:"weather_driven"`
	Seasonal      bool   `json:"seasonal"`
	PeakSeason    string `json:"peak_season"`
	Summary       string `json:"summary"`
}

// Model says what was fitted.
type Model struct {
	Family  string    `json:"family"`
	Alpha   float64   `json:"alpha"` // NB2 dispersion: variance μ + αμ²
	Days    int       `json:"days"`  // days fitted: those with the weather of every term
	Columns []string  `json:"columns"`
	LeftOut []LeftOut `json:"left_out"`
}

// Skipped is a category that got no model, and why.
type Skipped struct {
	Category
	Reason string `json:"reason"`
}

// Report fits every category asked for over the history and says which
// follow the weather and the season.
func (s *Service) Report(ctx context.Context, municipality int, q Query) (*Report, error) {
	var sc *scope
	var h *history
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		if sc, err = resolve(ctx, tx, municipality, q); err != nil {
			return err
		}
		from, to, err := sc.historyRange(q, s.opt.HistoryDays)
		if err != nil {
			return err
		}
		h, err = loadHistory(ctx, tx, s.pool, sc, from, to)
		return err
	})
	if err != nil {
		return nil, err
	}
	rep := &Report{From: Date{Time: h.days[0]}, To: Date{Time: h.days[len(h.days)-1]}, Neighbourhood: sc.nbh, Days: len(h.days),
		WeatherDriven: []string{}}
	for _, d := range h.days {
		if _, ok := h.wx[d]; ok {
			rep.WeatherDays++
		}
	}
	rep.Categories, rep.Skipped, err = s.analyse(ctx, sc, h)
	if err != nil {
		return nil, err
	}
	for _, c := range rep.Categories {
		if c.WeatherDriven {
			rep.WeatherDriven = append(rep.WeatherDriven, c.Code)
		}
	}
	return rep, nil
}

// modelled splits the categories of a history into those with enough
// tickets for a model and those without, each in code order.
func (s *Service) modelled(sc *scope, h *history) (ids []int, skipped []Skipped) {
	skipped = []Skipped{}
	for id, counts := range h.counts {
		total := 0.0
		for _, n := range counts {
			total += n
		}
		if int(total) < s.opt.MinTickets {
			skipped = append(skipped, Skipped{sc.categories[id], tooFew(int(total), s.opt.MinTickets)})
			continue
		}
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int) int { return cmp.Compare(sc.categories[a].Code, sc.categories[b].Code) })
	slices.SortFunc(skipped, func(a, b Skipped) int { return cmp.Compare(a.Code, b.Code) })
	return ids, skipped
}

func tooFew(n, least int) string {
	return fmt.Sprintf("%d tickets in the history; a model needs at least %d", n, least)
}
