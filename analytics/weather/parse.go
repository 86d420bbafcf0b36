package weather

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"loket/internal/errs"
)

// Format names a kind of weather file.
type Format string

const (
	OpenMeteoHourly Format = "open-meteo hourly"
	OpenMeteoDaily  Format = "open-meteo daily"
	GHCNDaily       Format = "ghcn-daily"
)

// ParseOptions says how to read what a file leaves open.
type ParseOptions struct {
	Zone  *time.Location // the municipality's time zone, whose days hourly values fill; nil: UTC
	Units Units          // GHCN-Daily units; empty: detected from the data
}

// Parsed is a file read into days, nothing stored yet.
type Parsed struct {
	Format   Format
	Source   string   // weather_daily.source of every day
	Units    string   // how the values were read, in words
	Notes    []string // what holds for the whole file
	Problems []Problem
	rows     []dayRow // sorted by day, one per day
}

// dayRow is a day and the line it comes from (its first line, for hours).
type dayRow struct {
	line int
	Day
}

// Days returns the days read, in order.
func (p *Parsed) Days() []Day {
	out := make([]Day, len(p.rows))
	for i, r := range p.rows {
		out[i] = r.Day
	}
	return out
}

// Parse reads an Open-Meteo or GHCN-Daily CSV file. Bad lines and values
// become Problems; a file that is neither format, or has no day in it, is
// an errs.Invalid error.
func Parse(r io.Reader, opt ParseOptions) (*Parsed, error) {
	if opt.Zone == nil {
		opt.Zone = time.UTC
	}
	recs, bad, err := readRecords(r)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errs.E(errs.Invalid, "the weather file is empty")
	}
	var p *Parsed
	switch header := recs[0].fields; {
	case isGHCNHeader(header):
		p, err = parseGHCN(recs, opt.Units)
	case isOpenMeteoHeader(header):
		p, err = parseOpenMeteo(recs, opt.Zone)
	default:
		return nil, errs.E(errs.Invalid, "line %d (%s) is neither a GHCN-Daily header (STATION,DATE,PRCP,…,TMAX,TMIN) "+
			"nor an Open-Meteo one (time,temperature_2m (°C),… or latitude,longitude,…)", recs[0].line, clip(strings.Join(header, ",")))
	}
	if err != nil {
		return nil, err
	}
	p.Problems = append(bad, p.Problems...)
	p.finish()
	if len(p.rows) == 0 {
		return nil, errs.E(errs.Invalid, "no day of weather in the file (%d problems, first: %s)", len(p.Problems), firstProblem(p.Problems))
	}
	return p, nil
}

// finish orders the days, keeps the first of each, checks the values and
// reports the days missing between them.
func (p *Parsed) finish() {
	slices.SortStableFunc(p.rows, func(a, b dayRow) int { return a.Day.Day.Compare(b.Day.Day) })
	var ps problems
	kept := p.rows[:0]
	for _, r := range p.rows {
		if n := len(kept); n > 0 && kept[n-1].Day.Day.Equal(r.Day.Day) {
			ps.add(r.line, r.Day.Day, Duplicate, "the day is also on line %d, which counts", kept[n-1].line)
			continue
		}
		kept = append(kept, r)
	}
	p.rows = kept
	checkValues(p.rows, &ps)
	findGaps(p.rows, &ps)
	p.Problems = append(p.Problems, ps...)
	sortProblems(p.Problems)
}

// record is one CSV record and the line it starts on.
type record struct {
	line   int
	fields []string
}

// readRecords reads every record, fields trimmed; CSV syntax errors are
// reported and skipped.
func readRecords(r io.Reader) ([]record, []Problem, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var recs []record
	var bad problems
	for {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return recs, bad, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad.add(pe.StartLine, time.Time{}, Unreadable, "%v", pe.Err)
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read the file: %w", err)
		}
		line, _ := cr.FieldPos(0)
		for i, f := range fields {
			fields[i] = strings.TrimSpace(f)
		}
		if len(recs) == 0 {
			fields[0] = strings.TrimPrefix(fields[0], "\ufeff")
		}
		if !allEmpty(fields) {
			recs = append(recs, record{line, fields})
		}
	}
}

func allEmpty(fields []string) bool {
	for _, f := range fields {
		if f != "" {
			return false
		}
	}
	return true
}

// clip shortens what a message quotes from a file.
func clip(s string) string {
	const most = 80
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}

func firstProblem(ps []Problem) string {
	if len(ps) == 0 {
		return "none"
	}
	return ps[0].String()
}
