// Package seed generates the demo city: Kortrijk's real neighbourhoods and
// streets, with synthetic addresses, residents, staff, weather and three
// years of 1777 tickets whose mix, seasons and lifecycles follow the real
// register. The same Seed and Until always give the same data.
package seed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Options control one run.
type Options struct {
	Seed int64 // same Seed + Until => identical data
	// Until is the last day of the ticket history. At midnight (a date) the
	// whole day is included; with a time of day, history stops at that moment.
	Until    time.Time
	Years    int       // default 3
	Tickets  int       // total tickets; 0 => about 15,000 per year
	Progress io.Writer // progress lines and bar; nil => silent
}

// Report says what was written and how fast the tickets went in.
type Report struct {
	Addresses, Residents, Staff, Categories, Tickets, Events int
	TicketDuration                                           time.Duration // ticket + event load, index rebuild included
	TicketsPerSecond                                         float64
	Duration                                                 time.Duration
}

// ticketsPerYear is Kortrijk's real volume at the 1777 desk.
const ticketsPerYear = 15_000

// Run replaces the demo city in the database. It refuses to touch a
// database that holds any other municipality.
func Run(ctx context.Context, pool *pgxpool.Pool, opt Options) (Report, error) {
	start := time.Now()
	var rep Report
	if opt.Years <= 0 {
		opt.Years = 3
	}
	if opt.Tickets < 0 {
		return rep, errors.New("seed: Tickets must not be negative")
	}
	if opt.Tickets == 0 {
		opt.Tickets = ticketsPerYear * opt.Years
	}
	if opt.Until.IsZero() {
		return rep, errors.New("seed: Until is required")
	}
	if err := checkForeign(ctx, pool); err != nil {
		return rep, err
	}
	lap := time.Now()
	logf := func(format string, args ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "%-60s %6.2fs\n", fmt.Sprintf(format, args...), time.Since(lap).Seconds())
		}
		lap = time.Now()
	}

	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		return rep, err
	}
	c, err := loadCity()
	if err != nil {
		return rep, err
	}
	until := opt.Until.In(loc)
	lastDay := time.Date(until.Year(), until.Month(), until.Day(), 0, 0, 0, 0, loc)
	horizon := lastDay.AddDate(0, 0, 1).Unix() - 1
	if until.After(lastDay) {
		horizon = until.Unix()
	}
	firstDay := lastDay.AddDate(-opt.Years, 0, 1)
	nDays := int(lastDay.Sub(firstDay).Hours()/24+0.5) + 2 // plus the day before, for "rain yesterday"
	days := calendar(loc, firstDay.AddDate(0, 0, -1), nDays)
	genWeather(days, opt.Seed)

	if _, err := pool.Exec(ctx, `TRUNCATE municipality RESTART IDENTITY CASCADE`); err != nil {
		return rep, fmt.Errorf("seed: clear: %w", err)
	}
	if err := writeCity(ctx, pool, c); err != nil {
		return rep, err
	}
	logf("city:       %d neighbourhoods", len(c.wijken))
	addrs := genAddresses(c, opt.Seed)
	if err := writeAddresses(ctx, pool, c, addrs); err != nil {
		return rep, fmt.Errorf("seed: addresses: %w", err)
	}
	logf("addresses:  %d", len(addrs))
	pop := genResidents(addrs, lastDay, opt.Seed)
	if err := writeResidents(ctx, pool, pop); err != nil {
		return rep, fmt.Errorf("seed: residents: %w", err)
	}
	logf("residents:  %d", len(pop.people))
	if err := writeTaxonomy(ctx, pool); err != nil {
		return rep, err
	}
	st := genStaff(opt.Seed)
	if err := writeStaff(ctx, pool, st); err != nil {
		return rep, err
	}
	logf("staff:      %d in %d teams, %d categories", len(st.members), len(teams), len(categories))
	if err := writeWeather(ctx, pool, days); err != nil {
		return rep, fmt.Errorf("seed: weather: %w", err)
	}
	logf("weather:    %d days", len(days))

	dm := newDemand(days, opt.Tickets, opt.Seed)
	mk := func() *ticketGen { return newTicketGen(c, addrs, pop, st, days, dm, horizon, opt.Seed) }
	logf("tickets:    %d from %s to %s", opt.Tickets, firstDay.Format(time.DateOnly), lastDay.Format(time.DateOnly))
	res, err := loadTickets(ctx, pool, mk, opt.Tickets, opt.Progress)
	if err != nil {
		return rep, err
	}
	logf("tickets:    loaded")
	if err := writeDemoCitizen(ctx, pool); err != nil {
		return rep, err
	}
	if err := finish(ctx, pool, res); err != nil {
		return rep, err
	}
	logf("counters, sequences, statistics")
	rep = Report{
		Addresses: len(addrs), Residents: len(pop.people), Staff: len(st.members), Categories: len(categories),
		Tickets: int(res.tickets), Events: int(res.events), TicketDuration: res.dur,
		TicketsPerSecond: float64(res.tickets) / res.dur.Seconds(), Duration: time.Since(start),
	}
	logf("loaded %d tickets and %d events in %s (%.0f tickets/s); total %s",
		rep.Tickets, rep.Events, rep.TicketDuration.Round(time.Millisecond), rep.TicketsPerSecond, rep.Duration.Round(time.Millisecond))
	return rep, nil
}

// checkForeign refuses a database holding a municipality that is not the demo one.
func checkForeign(ctx context.Context, pool *pgxpool.Pool) error {
	var id int
	var nis, name string
	err := pool.QueryRow(ctx, `SELECT id, nis_code, name_nl FROM municipality
		WHERE NOT (id = $1 AND nis_code = $2) ORDER BY id LIMIT 1`, municipalityID, nisCode).Scan(&id, &nis, &name)
	switch {
	case err == nil:
		return fmt.Errorf("seed: refusing to replace the data: the database holds municipality %d %s (NIS %s), not only the demo city (id %d, NIS %s)",
			id, name, nis, municipalityID, nisCode)
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	default:
		return fmt.Errorf("seed: check municipalities: %w", err)
	}
}

// finish fills the reference counters, moves the id sequences past the
// explicit ids, and refreshes the planner statistics.
func finish(ctx context.Context, pool *pgxpool.Pool, res loadResult) error {
	for _, t := range []string{"neighbourhood", "address", "resident", "team", "staff", "category", "ticket", "ticket_event"} {
		if _, err := pool.Exec(ctx, fmt.Sprintf(
			`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM %[1]s), false)`, t)); err != nil {
			return fmt.Errorf("seed: sequence of %s: %w", t, err)
		}
	}
	// The map's aggregates are kept through deltas the bulk load went
	// around: count them once, whole.
	if _, err := pool.Exec(ctx, `SELECT loket_count_map($1)`, municipalityID); err != nil {
		return fmt.Errorf("seed: map aggregates: %w", err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE municipality, neighbourhood, address, resident, team, staff, category,
		weather_daily, ticket, ticket_event, ticket_cell, ticket_cell_total, ticket_nbh`); err != nil {
		return fmt.Errorf("seed: analyze: %w", err)
	}
	// The counters go in last, in one statement: their presence is what
	// Complete takes as the sign of a finished seed.
	var years, last []int
	for i, v := range res.lastSerial {
		if v != 0 {
			years, last = append(years, res.firstYear+i), append(last, v)
		}
	}
	if _, err := pool.Exec(ctx, `INSERT INTO ticket_counter (municipality_id, year, last_value)
		SELECT $1, y, v FROM unnest($2::int[], $3::int[]) AS c (y, v)`, municipalityID, years, last); err != nil {
		return fmt.Errorf("seed: ticket counter: %w", err)
	}
	return nil
}

// Complete reports whether the database holds a demo city whose seeding
// finished, so an interrupted seed is redone rather than reused.
func Complete(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	var done bool
	err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM ticket_counter WHERE municipality_id = $1)`, municipalityID).Scan(&done)
	return done, err
}
