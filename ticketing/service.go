package ticketing

import (
	"time"
	_ "time/tzdata" // references and due dates follow the city's clock

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
)

// Service runs the ticket operations; each is one transaction that writes
// the ticket row, its event, the audit line and any notification together.
type Service struct {
	pool      *pgxpool.Pool
	intakes   *intakeQueue
	geo       *geo.Geocoder
	clock     func() time.Time
	wake      func() // nudges the notification worker after a commit
	defs      categoryDefs
	moved     func(lon, lat float64)
	city      *geo.Served
	words     wordsCache // which searched words are common
	wordStats wordStats  // the table's statistics of them
}

// OnChange has f called, after the commit, with the point of every
// ticket created or changed (the map's tiles there are stale).
func (s *Service) OnChange(f func(lon, lat float64)) { s.moved = f }

func (s *Service) changed(lon, lat *float64) {
	if s.moved != nil && lon != nil && lat != nil {
		s.moved(*lon, *lat)
	}
}

// New returns a Service over pool. wake, when not nil, is called after
// every commit that queued a notification.
func New(pool *pgxpool.Pool, wake func()) *Service {
	if wake == nil {
		wake = func() {}
	}
	return &Service{pool: pool, intakes: newIntakeQueue(pool), geo: geo.NewGeocoder(pool), clock: time.Now, wake: wake, city: geo.NewServed(pool)}
}

// cityTime is the zone of references (1777-2026-…) and due dates.
var cityTime = mustZone("Europe/Brussels")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Language is l if it is one a reporter can be written to in (nl, fr,
// en), else nl.
func Language(l string) string {
	switch l {
	case "fr", "en":
		return l
	}
	return "nl"
}
