package ticketing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"loket/internal/errs"
	"mime"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/server"
	"loket/internal/testdb"
	"loket/seed"
)

// city is a fresh copy of a small seeded demo city: Kortrijk's
// neighbourhoods, register, teams, categories, staff and 100 tickets.
func city(t *testing.T) *pgxpool.Pool {
	t.Helper()
	return testdb.NewWith(t, "ticketing", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 7, Until: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			Years: 1, Tickets: 100}); err != nil {
			return err
		}
		return geo.RefreshStreets(ctx, pool)
	})
}

// site is the whole HTTP server over a fresh city.
type site struct {
	t    *testing.T
	pool *pgxpool.Pool
	url  string
}

func newSite(t *testing.T) *site {
	pool := city(t)
	ts := httptest.NewServer(server.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil))
	t.Cleanup(ts.Close)
	return &site{t: t, pool: pool, url: ts.URL}
}

// staff signs in a demo account by role and returns its bearer token.
func (s *site) staff(role string) string {
	s.t.Helper()
	var out struct{ Token string }
	code := s.call("POST", "/api/login", "", nil, map[string]string{"email": role + "@kortrijk.demo", "password": "demo"}, &out)
	if code != 200 || out.Token == "" {
		s.t.Fatalf("sign-in of %s: %d", role, code)
	}
	return out.Token
}

// citizen registers, verifies and signs in a citizen with email.
func (s *site) citizen(email string) string {
	s.t.Helper()
	ctx := context.Background()
	st := auth.NewStore(s.pool)
	if _, err := st.Register(ctx, auth.Registration{Email: email, Password: "a-long-password", Name: "Burger " + email, Language: "nl"}); err != nil {
		s.t.Fatal(err)
	}
	var token string
	if err := s.pool.QueryRow(ctx, `SELECT payload->>'token' FROM outbox WHERE topic = 'citizen.verify' AND recipient = $1`, email).Scan(&token); err != nil {
		s.t.Fatal(err)
	}
	if err := st.Verify(ctx, token); err != nil {
		s.t.Fatal(err)
	}
	sess, err := st.LoginCitizen(ctx, 0, email, "a-long-password")
	if err != nil {
		s.t.Fatal(err)
	}
	return sess.Token
}

// client creates a machine client and returns its token.
func (s *site) client(name string) string {
	s.t.Helper()
	token, _, err := auth.NewStore(s.pool).CreateClient(context.Background(), 1, name)
	if err != nil {
		s.t.Fatal(err)
	}
	return token
}

// call sends a JSON request with a bearer token and extra headers and
// decodes the answer into out (when not nil); it returns the status.
func (s *site) call(method, path, token string, headers map[string]string, body, out any) int {
	s.t.Helper()
	code, raw, _ := s.raw(method, path, token, headers, body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatalf("%s %s: %d %s: %v", method, path, code, raw, err)
		}
	}
	return code
}

func (s *site) raw(method, path, token string, headers map[string]string, body any) (int, []byte, http.Header) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
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
	return res.StatusCode, raw, res.Header
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

// somewhere is a register address inside Kortrijk, as a point.
func (s *site) somewhere() (lon, lat float64, addressID int64) {
	s.t.Helper()
	err := s.pool.QueryRow(context.Background(), `SELECT ST_X(geom), ST_Y(geom), id FROM address WHERE box = '' ORDER BY id LIMIT 1 OFFSET 100`).
		Scan(&lon, &lat, &addressID)
	if err != nil {
		s.t.Fatal(err)
	}
	return
}

// ticketJSON is the part of a ticket the tests read.
type ticketJSON struct {
	Reference string `json:"reference"`
	Channel   string `json:"channel"`
	Status    string `json:"status"`
	Version   int    `json:"version"`
	Category  struct{ Code string }
	Location  *struct {
		Lon, Lat      float64
		Quality       string
		Address       string
		Neighbourhood string
	}
	Team     *struct{ Code, Name, Phone string }
	Assignee *struct {
		ID          int
		Name, Phone string
	}
	Reporter *struct {
		ResidentID *int64 `json:"resident_id"`
		Name       string
		Email      string
	}
	DuplicateOf string `json:"duplicate_of"`
	PlannedFor  string `json:"planned_for"`
	Events      []struct {
		Kind       string
		Visibility string
		Body       string
	}
}

func tkWhere(lon, lat float64) geo.Where { return geo.Where{Point: &geo.Point{X: lon, Y: lat}} }

// decodeHeader decodes RFC 2047 words in a header.
func decodeHeader(s string) string {
	d, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		return s
	}
	return d
}

// errsKind names an error's kind as the API maps it.
func errsKind(err error) string {
	switch errs.KindOf(err) {
	case errs.Conflict:
		return "conflict"
	case errs.Invalid:
		return "invalid"
	}
	return "other"
}
