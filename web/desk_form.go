package web

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"loket/geo"
	"loket/ticketing"
)

// deskForm is the one form of the desk, as the agent filled it in. Every
// step posts all of it, so a page without JavaScript keeps what was typed.
type deskForm struct {
	Name, BirthYear string // the caller's search in the register
	ResidentID      int64  // the caller picked from it; 0: nobody
	Email           string // where the caller hears of progress
	CategoryQ       string // words to find the category by
	Category        string // the category's code
	Description     string
	Address         string // where the problem is, in words
	Lon, Lat        string // or a point on the map
}

// readDeskForm reads the posted form; a resident that is no number is
// refused with the message key of the reason.
func readDeskForm(r *http.Request) (deskForm, string) {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	f := deskForm{Name: v("name"), BirthYear: v("birth_year"), Email: v("email"), CategoryQ: v("category_q"),
		Category: v("category"), Description: v("description"), Address: v("address"), Lon: v("lon"), Lat: v("lat")}
	if s := v("resident"); s != "" && s != "0" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, "desk.err.caller"
		}
		f.ResidentID = id
	}
	return f, ""
}

// birthYear is the year the search is narrowed to (0: any).
func (f deskForm) birthYear() (int, bool) {
	if f.BirthYear == "" {
		return 0, true
	}
	y, err := strconv.Atoi(f.BirthYear)
	return y, err == nil
}

// where is the place the agent gave: a point on the map first, then the
// address typed, else the caller's home. The caller's own address, as it
// was filled in, is taken from the register rather than geocoded again.
// The string is the message key of what is missing.
func (f *deskForm) where(caller *callerView) (geo.Where, string) {
	if f.Lon != "" || f.Lat != "" {
		lon, errLon := strconv.ParseFloat(f.Lon, 64)
		lat, errLat := strconv.ParseFloat(f.Lat, 64)
		if errLon != nil || errLat != nil || math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
			return geo.Where{}, "desk.err.point"
		}
		return geo.Where{Point: &geo.Point{X: lon, Y: lat, SRID: 4326}}, ""
	}
	if caller != nil && caller.AddressID != 0 && (f.Address == "" || f.Address == caller.Address) {
		f.Address = caller.Address
		return geo.Where{AddressID: caller.AddressID}, ""
	}
	if f.Address != "" {
		return geo.Where{Text: f.Address}, ""
	}
	return geo.Where{}, "desk.err.place"
}

// reporter is who reports: the caller from the register, or only an
// e-mail address, or nobody known (anonymous).
func (f deskForm) reporter(caller *callerView) *ticketing.NewReporter {
	switch {
	case caller != nil:
		return &ticketing.NewReporter{ResidentID: caller.ID, Email: f.Email}
	case f.Email != "":
		return &ticketing.NewReporter{Email: f.Email}
	}
	return nil
}

// deskView is what the desk page shows.
type deskView struct {
	Form       deskForm
	Callers    []callerView // the register's answer, with the picked caller
	Searched   bool
	Caller     *callerView // the picked caller
	Problem    string      // the search's problem, shown with its results
	Categories []categoryOption
	NoMatch    bool       // the category search found nothing: all are listed
	Check      *deskCheck // nil until the agent or the page asks
	names      map[string]string
}

// callerView is a register entry as the agent sees it during the call.
type callerView struct {
	ID                                int64
	Name, Born, Address, Email, Phone string
	Language                          string
	AddressID                         int64
}

func callerOf(r geo.Resident) callerView {
	c := callerView{ID: r.ID, Name: r.LastName + " " + r.FirstName, Born: r.BirthDate, Language: r.Language}
	if t, err := time.Parse(time.DateOnly, r.BirthDate); err == nil {
		c.Born = t.Format("02/01/2006")
	}
	if r.Address != nil && r.AddressID != nil {
		c.Address, c.AddressID = *r.Address, *r.AddressID
	}
	if r.Email != nil {
		c.Email = *r.Email
	}
	if r.Phone != nil {
		c.Phone = *r.Phone
	}
	return c
}

// categoryOption is one category of the select, with the folded words
// the page's script filters on.
type categoryOption struct {
	Code, Name, Words string
	Selected          bool
}

// setCategories lists the categories in lang's alphabetical order: those
// matching the form's search, or all when none does, and always the one
// chosen.
func (v *deskView) setCategories(all []ticketing.CategoryChoice, lang string) {
	v.names = make(map[string]string, len(all))
	var opts, shown []categoryOption
	found := 0
	for _, c := range all {
		o := categoryOption{Code: c.Code, Name: c.Name(lang), Words: c.Words(), Selected: c.Code == v.Form.Category}
		v.names[c.Code] = o.Name
		opts = append(opts, o)
		match := c.Matches(v.Form.CategoryQ)
		if match {
			found++
		}
		if match || o.Selected {
			shown = append(shown, o)
		}
	}
	if v.NoMatch = v.Form.CategoryQ != "" && found == 0; !v.NoMatch {
		opts = shown
	}
	order := collate.New(language.Make(lang), collate.IgnoreCase)
	slices.SortStableFunc(opts, func(a, b categoryOption) int { return order.CompareString(a.Name, b.Name) })
	v.Categories = opts
}

// knownCategory reports whether code is an active category.
func (v *deskView) knownCategory(code string) bool {
	_, ok := v.names[code]
	return ok
}

// deskCheck is the place found for the draft and the tickets it may
// repeat.
type deskCheck struct {
	Problem    string // message key of what the check still needs; "" when it ran
	Place      string // the place as found: an address, or a point
	Lon, Lat   float64
	RadiusM    int
	Candidates []candidateView
}

// candidateView is a ticket the call may be about, numbered as on the map.
type candidateView struct {
	N                     int
	Ref, Category, Status string
	DistanceM             int
	Created               time.Time
	Likely, Open, Placed  bool
	Lon, Lat              float64
}
