package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/server"
	"loket/internal/testdb"
	"loket/seed"
	"loket/ticketing"
)

// site is the real server with the portal mounted, over a seeded city.
type site struct {
	t    *testing.T
	pool *pgxpool.Pool
	url  string
}

func newSite(t *testing.T) *site {
	t.Helper()
	pool := testdb.NewWith(t, "web", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 7, Until: time.Now().AddDate(0, 0, -1), Years: 1, Tickets: 1500}); err != nil {
			return err
		}
		if err := geo.RefreshStreets(ctx, pool); err != nil {
			return err
		}
		return plantAssigned(ctx, pool)
	})
	srv := server.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &site{t: t, pool: pool, url: ts.URL}
}

// browser is a client with cookies that does not follow redirects, so
// tests see where a form sends the visitor.
type browser struct {
	s   *site
	c   *http.Client
	jar *cookiejar.Jar
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, jar: jar, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// get returns the status and body of path, sent with optional headers.
func (b *browser) get(path string, header ...string) (int, string) {
	b.s.t.Helper()
	req, _ := http.NewRequest("GET", b.s.url+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

// post sends a form; withCSRF adds the hidden field the pages add.
func (b *browser) post(path string, form url.Values, withCSRF bool) (int, string, string) {
	b.s.t.Helper()
	code, loc, body, _ := b.postForm(path, form, withCSRF)
	return code, loc, body
}

// postForm is post that also returns the answer's headers.
func (b *browser) postForm(path string, form url.Values, withCSRF bool) (int, string, string, http.Header) {
	b.s.t.Helper()
	if withCSRF {
		withToken := url.Values{auth.CSRFField: {b.cookie("loket_csrf")}}
		maps.Copy(withToken, form)
		form = withToken
	}
	req, _ := http.NewRequest("POST", b.s.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(body), res.Header
}

func (b *browser) do(req *http.Request) (int, string) {
	res, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.s.url)
	for _, c := range b.jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// signInAs registers and verifies an account for email and signs this
// browser in through the portal's form.
func (b *browser) signInAs(email string) {
	t := b.s.t
	t.Helper()
	ctx := context.Background()
	st := auth.NewStore(b.s.pool)
	if _, err := st.Register(ctx, auth.Registration{Email: email, Password: "a-long-password", Name: "Burger", Language: "nl"}); err != nil {
		t.Fatal(err)
	}
	var token string
	if err := b.s.pool.QueryRow(ctx, `SELECT payload->>'token' FROM outbox WHERE topic = 'citizen.verify' AND recipient = $1`, email).Scan(&token); err != nil {
		t.Fatal(err)
	}
	if err := st.Verify(ctx, token); err != nil {
		t.Fatal(err)
	}
	code, loc, body := b.post("/mijn/aanmelden", url.Values{"email": {email}, "password": {"a-long-password"}}, false)
	if code != http.StatusSeeOther || loc != "/mijn" {
		t.Fatalf("sign-in answered %d to %q: %s", code, loc, body)
	}
	if b.cookie("loket_csrf") == "" {
		t.Fatal("sign-in set no CSRF cookie for the forms")
	}
}

// count runs a query answering one number.
func (s *site) count(q string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// plantAssigned adds two tickets through the ticket service, a few metres
// apart in one category, reported with an e-mail address and assigned to
// the demo staff member's team, groen-noord: the seeded city is another
// one each day, and on some days that team has no such ticket open.
func plantAssigned(ctx context.Context, pool *pgxpool.Pool) error {
	_, manager, err := auth.NewStore(pool).Login(ctx, "manager@kortrijk.demo", "demo")
	if err != nil {
		return err
	}
	codes, err := ticketing.BenchCategories(ctx, pool, manager.MunicipalityID)
	if err != nil {
		return err
	}
	var category string
	var lon, lat float64
	var assignee int
	err = pool.QueryRow(ctx, `
		SELECT c.code, ST_X(t.geom), ST_Y(t.geom), (SELECT id FROM staff WHERE email = 'staff@kortrijk.demo')
		FROM ticket t JOIN category c ON c.id = t.category_id JOIN team tm ON tm.id = t.team_id
		WHERE tm.code = 'groen-noord' AND t.geom IS NOT NULL AND c.code = ANY($1) ORDER BY t.id DESC LIMIT 1`, codes).
		Scan(&category, &lon, &lat, &assignee)
	if err != nil {
		return fmt.Errorf("a placed ticket of groen-noord: %w", err)
	}
	svc := ticketing.New(pool, nil)
	for i := range 2 {
		t, err := svc.Create(ctx, manager, ticketing.NewTicket{Category: category,
			Description: fmt.Sprintf("Takken over het fietspad, melding %d", i+1),
			Where:       geo.Where{Point: &geo.Point{X: lon + float64(i)*0.0001, Y: lat}},
			Reporter:    &ticketing.NewReporter{Name: "Melder", Email: fmt.Sprintf("melder%d@example.org", i+1)}})
		if err != nil {
			return err
		}
		if _, err := svc.Assign(ctx, manager, t.Reference, t.Version, ticketing.Assignment{Team: "groen-noord", AssigneeID: assignee}); err != nil {
			return err
		}
	}
	return nil
}
