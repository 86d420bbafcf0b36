package season_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/season"
	"loket/analytics/weather"
	"loket/internal/auth"
	"loket/internal/testdb"
	"loket/seed"
)

// kortrijk is the seeded municipality's id.
const kortrijk = 1

// seedUntil ends three years of history at the end of a winter, so the
// last weeks hold frost and snow.
var seedUntil = time.Date(2025, time.February, 28, 0, 0, 0, 0, time.UTC)

// city is a copy of the demo city with about 27 tickets a day and the
// Belgian public holidays of its years in the holiday table.
func city(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return testdb.NewWith(t, "season", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 7, Until: seedUntil, Years: 3, Tickets: 30_000}); err != nil {
			return err
		}
		_, err := weather.ImportHolidays(ctx, pool, strings.NewReader(belgianHolidays(2021, 2025)), weather.HolidayOptions{})
		return err
	})
}

// belgianHolidays lists the ten Belgian public holidays of the years as
// the holiday import reads them.
func belgianHolidays(from, to int) string {
	var b strings.Builder
	b.WriteString("date,kind,name\n")
	for y := from; y <= to; y++ {
		easter := easterSunday(y)
		for _, d := range []time.Time{
			date(y, 1, 1), easter.AddDate(0, 0, 1), date(y, 5, 1), easter.AddDate(0, 0, 39), easter.AddDate(0, 0, 50),
			date(y, 7, 21), date(y, 8, 15), date(y, 11, 1), date(y, 11, 11), date(y, 12, 25),
		} {
			fmt.Fprintf(&b, "%s,public,holiday\n", d.Format(time.DateOnly))
		}
	}
	return b.String()
}

// easterSunday is the anonymous Gregorian algorithm.
func easterSunday(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	return date(y, time.Month((h+l-7*m+114)/31), (h+l-7*m+114)%31+1)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// site serves the season routes over a fresh copy of the city, behind the
// sign-in middleware, as the server mounts them.
type site struct {
	t    testing.TB
	pool *pgxpool.Pool
	url  string
}

func newSite(t testing.TB) *site {
	t.Helper()
	pool := city(t)
	r := chi.NewRouter()
	r.Use(auth.NewStore(pool).Middleware)
	season.New(pool).Routes(r)
	ts := httptest.NewServer(r)
	t.Cleanup(ts.Close)
	return &site{t: t, pool: pool, url: ts.URL}
}

// staff signs in a demo account by role and returns its bearer token.
func (s *site) staff(role string) string {
	s.t.Helper()
	se, err := auth.NewStore(s.pool).LoginStaff(context.Background(), role+"@kortrijk.demo", "demo")
	if err != nil {
		s.t.Fatal(err)
	}
	return se.Token
}

// client returns the bearer token of a new machine client: signed in, but
// not staff.
func (s *site) client() string {
	s.t.Helper()
	token, _, err := auth.NewStore(s.pool).CreateClient(context.Background(), kortrijk, "dashboard")
	if err != nil {
		s.t.Fatal(err)
	}
	return token
}

// do sends a request with a bearer token (none when empty) and returns
// the status and body.
func (s *site) do(method, path, token, contentType string, body []byte) (int, []byte) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return res.StatusCode, raw
}

// decode reads a 200 answer into v.
func (s *site) decode(code int, raw []byte, v any) {
	s.t.Helper()
	if code != http.StatusOK {
		s.t.Fatalf("status %d: %s", code, raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		s.t.Fatalf("%v: %s", err, raw)
	}
}

// count runs a counting query.
func (s *site) count(sql string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}
