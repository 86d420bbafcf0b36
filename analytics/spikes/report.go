package spikes

import (
	"time"

	"loket/analytics/countmodel"
)

// Report is the outcome of one detection.
type Report struct {
	MunicipalityID int      `json:"municipality_id"`
	TimeZone       string   `json:"time_zone"` // the zone the days are counted in
	From           Date     `json:"from"`      // first day tested
	Day            Date     `json:"day"`       // last day tested
	HistoryFrom    Date     `json:"history_from"`
	Series         Coverage `json:"series"`
	// Alerts, newest day first and the least likely by chance first.
	Alerts []Alert `json:"alerts"`
}

// Coverage counts what was monitored, and what was not and why.
type Coverage struct {
	Monitored int `json:"monitored"`
	// BelowVolume are neighbourhood series under Options.MinMeanPerDay.
	BelowVolume int `json:"below_volume"`
	// OverCap are neighbourhood series past Options.MaxSeries.
	OverCap int `json:"over_cap"`
	// Skipped are series the model could not fit, such as a category too
	// new for the history a fit needs.
	Skipped []Skipped `json:"skipped"`
}

// Skipped is one series that was not monitored.
type Skipped struct {
	Category      Category       `json:"category"`
	Neighbourhood *Neighbourhood `json:"neighbourhood"`
	Reason        string         `json:"reason"`
}

// Alert is a day on which a series rose above its prediction.
type Alert struct {
	Category      Category        `json:"category"`
	Neighbourhood *Neighbourhood  `json:"neighbourhood"` // nil: the whole municipality
	Day           Date            `json:"day"`
	Kind          countmodel.Kind `json:"kind"`  // spike or drift
	Since         Date            `json:"since"` // Day for a spike; the start of the excess for a drift
	Observed      float64         `json:"observed"`
	Expected      float64         `json:"expected"`
	P             float64         `json:"p"`
	AdjustedP     float64         `json:"adjusted_p"`
	// Tickets are the newest of the Observed tickets, Since to Day.
	Tickets []Ticket `json:"tickets"`
}

// Category names a ticket category in the caller's language.
type Category struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Neighbourhood names a neighbourhood.
type Neighbourhood struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Ticket is one ticket behind an alert.
type Ticket struct {
	ID        int64     `json:"id"`
	Reference string    `json:"reference"`
	CreatedAt time.Time `json:"created_at"`
}
