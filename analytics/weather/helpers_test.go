package weather

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// near fails unless got is known and within 1e-4 of want (values pass
// through float4 columns).
func near(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is empty, want %.4f", what, want)
	} else if math.Abs(*got-want) > 1e-4 {
		t.Errorf("%s = %.4f, want %.4f", what, *got, want)
	}
}

func empty(t *testing.T, what string, got *float64) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %.4f, want empty", what, *got)
	}
}

func mustParse(t *testing.T, data string, opt ParseOptions) *Parsed {
	t.Helper()
	p, err := Parse(strings.NewReader(data), opt)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return p
}

func dayOf(t *testing.T, p *Parsed, d string) Day {
	t.Helper()
	for _, r := range p.rows {
		if r.Day.Day.Equal(day(d)) {
			return r.Day
		}
	}
	t.Fatalf("no row for %s", d)
	return Day{}
}

// problemsOf returns the problems of kind, by line.
func problemsOf(ps []Problem, kind ProblemKind) map[int]Problem {
	out := map[int]Problem{}
	for _, p := range ps {
		if p.Kind == kind {
			out[p.Line] = p
		}
	}
	return out
}

func brussels(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// testdataFile reads a file of the module's shared testdata folder.
func testdataFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// addMunicipality adds a municipality with its time zone and country.
func addMunicipality(t *testing.T, pool *pgxpool.Pool, id int, nis, name, zone, country string) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `
		INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix, time_zone, country)
		VALUES ($1, $2, $3, $3, $3, $2, $4, $5)`, id, nis, name, zone, country)
	if err != nil {
		t.Fatal(err)
	}
}
