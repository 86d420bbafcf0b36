package web

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket/internal/errs"
)

// The field page's choices: a place (a point, an address or a
// neighbourhood), how far around a point to look, and filters. They are
// GET parameters, so every view is a link that works without JavaScript
// and can be printed or sent on.
const (
	defaultRadius = 250  // metres: a street and its corners
	minRadius     = 25   // less finds hardly a ticket
	maxRadius     = 1000 // more is a neighbourhood: choose one instead
	defaultPeriod = "1y"
)

// radiusChoices are the radii the form offers.
var radiusChoices = []int{100, 250, 500, 1000}

// periodDays are the preset periods, by their value in the form; "all"
// looks at every ticket.
var periodDays = map[string]int{"30d": 30, "90d": 90, "1y": 365, "all": 0}

// periodChoices are the presets in the form's order.
var periodChoices = []string{"30d", "90d", "1y", "all"}

// fieldAsk is what the page was asked for, as read from the query string.
type fieldAsk struct {
	Lon, Lat      *float64 // a point on the map
	Address       string   // words for the geocoder
	Neighbourhood string   // a neighbourhood's code
	Radius        int      // metres around a point or an address
	Category      string   // a category's code; a parent includes its children
	Status        string   // "", "open" or "closed"
	Period        string   // a preset of periodDays
	From, To      string   // an own period, YYYY-MM-DD, both ends included
	Print         bool     // the sheet for paper

	from, to *time.Time // the period as instants: from included, to excluded
}

// hasPlace says whether a place was chosen; without one the page shows
// only the choice.
func (a fieldAsk) hasPlace() bool {
	return a.Lon != nil || a.Address != "" || a.Neighbourhood != ""
}

// badAsk is a problem with the parameters; key is a catalogue key.
func badAsk(key string) error { return errs.E(errs.Invalid, "%s", key) }

// parseFieldAsk reads and checks the query string; now fixes "the last 30
// days". A bad value is an Invalid error whose message is a catalogue key.
func parseFieldAsk(q url.Values, now time.Time) (fieldAsk, error) {
	a := fieldAsk{
		Address:       strings.TrimSpace(q.Get("address")),
		Neighbourhood: strings.TrimSpace(q.Get("neighbourhood")),
		Category:      strings.TrimSpace(q.Get("category")),
		Status:        q.Get("status"),
		Period:        q.Get("period"),
		From:          strings.TrimSpace(q.Get("from")),
		To:            strings.TrimSpace(q.Get("to")),
		Radius:        defaultRadius,
		Print:         q.Get("print") == "1",
	}
	lon, lat := strings.TrimSpace(q.Get("lon")), strings.TrimSpace(q.Get("lat"))
	if lon != "" || lat != "" {
		x, errX := strconv.ParseFloat(lon, 64)
		y, errY := strconv.ParseFloat(lat, 64)
		if errX != nil || errY != nil || math.IsNaN(x) || math.IsNaN(y) || x < -180 || x > 180 || y < -90 || y > 90 {
			return a, badAsk("field.bad.coords")
		}
		a.Lon, a.Lat = &x, &y
	}
	if q.Has("address") && a.Address == "" && a.Lon == nil {
		return a, badAsk("field.bad.address")
	}
	if len([]rune(a.Address)) > 200 {
		return a, badAsk("field.bad.address")
	}
	if r := q.Get("radius"); r != "" {
		n, err := strconv.Atoi(r)
		if err != nil || n < minRadius || n > maxRadius {
			return a, badAsk("field.bad.radius")
		}
		a.Radius = n
	}
	if a.Status != "" && a.Status != "open" && a.Status != "closed" {
		return a, badAsk("field.bad.status")
	}
	return a, a.readPeriod(now)
}

// readPeriod turns the preset or the own dates into instants at the
// city's midnight, so the list and the map's tiles cut at the same time.
func (a *fieldAsk) readPeriod(now time.Time) error {
	if a.From != "" || a.To != "" {
		a.Period = "own"
		var err error
		if a.from, err = cityDay(a.From, 0); err != nil {
			return err
		}
		if a.to, err = cityDay(a.To, 1); err != nil {
			return err
		}
		if a.from != nil && a.to != nil && !a.from.Before(*a.to) {
			return badAsk("field.bad.order")
		}
		return nil
	}
	if a.Period == "" {
		a.Period = defaultPeriod
	}
	days, ok := periodDays[a.Period]
	if !ok {
		return badAsk("field.bad.period")
	}
	if days > 0 {
		y, m, d := now.In(brussels).Date()
		from := time.Date(y, m, d-days, 0, 0, 0, 0, brussels)
		a.from = &from
	}
	return nil
}

// cityDay is the city's midnight starting day s plus shift days; empty
// gives nil.
func cityDay(s string, shift int) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, brussels)
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		return nil, badAsk("field.bad.date")
	}
	t = t.AddDate(0, 0, shift)
	return &t, nil
}

// placeQuery is the chosen place as GET parameters, for the forms' hidden
// fields and the links that keep it.
func (a fieldAsk) placeQuery() url.Values {
	v := url.Values{}
	switch {
	case a.Lon != nil:
		v.Set("lon", strconv.FormatFloat(*a.Lon, 'f', 6, 64))
		v.Set("lat", strconv.FormatFloat(*a.Lat, 'f', 6, 64))
	case a.Address != "":
		v.Set("address", a.Address)
	case a.Neighbourhood != "":
		// A neighbourhood has no radius.
		v.Set("neighbourhood", a.Neighbourhood)
		return v
	}
	if a.Radius != defaultRadius {
		v.Set("radius", strconv.Itoa(a.Radius))
	}
	return v
}

// filterQuery is the filters as GET parameters.
func (a fieldAsk) filterQuery() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"category": a.Category, "status": a.Status, "from": a.From, "to": a.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if a.Period != "own" && a.Period != defaultPeriod {
		v.Set("period", a.Period)
	}
	return v
}

// link is the page for the same place and filters, with more set.
func (a fieldAsk) link(more ...string) string {
	v := a.placeQuery()
	for k, s := range a.filterQuery() {
		v[k] = s
	}
	for i := 0; i+1 < len(more); i += 2 {
		v.Set(more[i], more[i+1])
	}
	if len(v) == 0 {
		return fieldPath
	}
	return fieldPath + "?" + v.Encode()
}

// tileQuery is the filters as the ticket tiles take them, so the map shows
// the tickets the list does.
func (a fieldAsk) tileQuery(categories []string) string {
	v := url.Values{}
	if len(categories) > 0 {
		v.Set("category", strings.Join(categories, ","))
	}
	if a.Status != "" {
		v.Set("status", a.Status)
	}
	if a.from != nil {
		v.Set("from", a.from.Format(time.RFC3339))
	}
	if a.to != nil {
		v.Set("to", a.to.Format(time.RFC3339))
	}
	return v.Encode()
}

// radii are the form's radius choices, with the asked one when it is not
// among them.
func (a fieldAsk) radii() []int {
	if slices.Contains(radiusChoices, a.Radius) {
		return radiusChoices
	}
	out := append(slices.Clone(radiusChoices), a.Radius)
	slices.Sort(out)
	return out
}

// FromText and ToText are the own period's ends as the city writes dates.
func (a fieldAsk) FromText() string { return cityDate(a.From) }
func (a fieldAsk) ToText() string   { return cityDate(a.To) }

// Filtered says whether any filter narrows the list.
func (a fieldAsk) Filtered() bool { return len(a.filterQuery()) > 0 }

// forget drops what the problem key names, so the forms' hidden fields do
// not carry the bad value into the next try.
func (a *fieldAsk) forget(key string) {
	switch key {
	case "field.bad.coords", "field.bad.swapped", "field.outside":
		a.Lon, a.Lat = nil, nil
	case "field.bad.radius":
		a.Radius = defaultRadius
	case "field.bad.status":
		a.Status = ""
	case "field.bad.category":
		a.Category = ""
	case "field.bad.period", "field.bad.date", "field.bad.order":
		a.Period, a.From, a.To = defaultPeriod, "", ""
	}
}
