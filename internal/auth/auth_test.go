package auth

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"golang.org/x/crypto/bcrypt"

	"loket/internal/httpx"
	"loket/internal/testdb"
)

// newStore seeds Kortrijk with three active staff members and one who left.
// Citizens' passwords are hashed at the lowest cost to keep tests quick.
func newStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	pool := testdb.New(t)
	hash, _ := bcrypt.GenerateFromPassword([]byte("demo"), bcrypt.MinCost)
	for _, sql := range []string{
		`INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix) VALUES (1, '34022', 'Kortrijk', 'Courtrai', 'Kortrijk', '1777')`,
		`INSERT INTO staff (municipality_id, name, email, roles, password_hash) VALUES
			(1, 'Ann Agent', 'agent@kortrijk.demo', '{agent}', $1),
			(1, 'Frank Field', 'field@kortrijk.demo', '{field}', $1),
			(1, 'Ada Admin', 'admin@kortrijk.demo', '{admin}', $1)`,
		`INSERT INTO staff (municipality_id, name, email, roles, password_hash, active) VALUES
			(1, 'Gone', 'gone@kortrijk.demo', '{agent}', $1, false)`,
	} {
		var args []any
		if strings.Contains(sql, "$1") {
			args = append(args, string(hash))
		}
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	s := NewStore(pool)
	s.passwordCost = bcrypt.MinCost
	return s
}

// newSite serves the auth routes and one page per role behind Require.
func newSite(t *testing.T) (*Store, *httptest.Server) {
	t.Helper()
	s := newStore(t)
	r := chi.NewRouter()
	r.Use(s.Middleware)
	s.Routes(r)
	r.With(Require(RoleAgent)).Get("/agents-only", httpx.JSON(func(r *http.Request) (any, error) {
		return From(r.Context()).Name, nil
	}))
	r.With(Require(RoleClient)).Get("/clients-only", httpx.JSON(func(r *http.Request) (any, error) {
		return From(r.Context()).Name, nil
	}))
	ts := httptest.NewServer(r)
	t.Cleanup(ts.Close)
	return s, ts
}

func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func login(t *testing.T, base, email, password string) (int, string) {
	t.Helper()
	code, body := call(t, "POST", base+"/api/login", "", `{"email":"`+email+`","password":"`+password+`"}`)
	if code != http.StatusOK {
		return code, ""
	}
	var out loginResponse
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Token == "" || out.CSRFToken == "" {
		t.Fatalf("login body %s: %v", body, err)
	}
	return code, out.Token
}

func TestRolesDecideWhoGetsThrough(t *testing.T) {
	_, ts := newSite(t)
	cases := []struct {
		name, email string
		want        int
	}{
		{"an agent is let in", "agent@kortrijk.demo", http.StatusOK},
		{"an admin holds every role", "ADMIN@kortrijk.demo", http.StatusOK},
		{"a field worker is refused", "field@kortrijk.demo", http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, token := login(t, ts.URL, c.email, "demo")
			if code, body := call(t, "GET", ts.URL+"/agents-only", token, ""); code != c.want {
				t.Errorf("GET /agents-only = %d %s, want %d", code, body, c.want)
			}
		})
	}
	if code, _ := call(t, "GET", ts.URL+"/agents-only", "", ""); code != http.StatusUnauthorized {
		t.Errorf("anonymous GET /agents-only = %d, want 401", code)
	}
	if code, _ := call(t, "GET", ts.URL+"/agents-only", "made-up-token", ""); code != http.StatusUnauthorized {
		t.Errorf("GET with a made-up token = %d, want 401", code)
	}
}

func TestWrongPasswordsAndUnknownOrInactiveStaffGetTheSameAnswer(t *testing.T) {
	_, ts := newSite(t)
	var bodies []string
	for _, c := range [][2]string{{"agent@kortrijk.demo", "wrong"}, {"nobody@kortrijk.demo", "demo"}, {"gone@kortrijk.demo", "demo"}} {
		code, body := call(t, "POST", ts.URL+"/api/login", "", `{"email":"`+c[0]+`","password":"`+c[1]+`"}`)
		if code != http.StatusUnauthorized {
			t.Errorf("login %s/%s = %d, want 401", c[0], c[1], code)
		}
		var e httpx.ErrorBody
		json.Unmarshal([]byte(body), &e)
		bodies = append(bodies, e.Error.Message)
	}
	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Errorf("answers differ and reveal which accounts exist: %q", bodies)
	}
	if code, _ := call(t, "POST", ts.URL+"/api/login", "", `not json`); code != http.StatusBadRequest {
		t.Errorf("login with a malformed body = %d, want 400", code)
	}
}

func TestLogoutEndsTheSessionAndOnlyItsHashIsStored(t *testing.T) {
	s, ts := newSite(t)
	_, token := login(t, ts.URL, "agent@kortrijk.demo", "demo")
	var hashed int
	s.pool.QueryRow(context.Background(), `SELECT count(*) FROM staff_session WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, token).Scan(&hashed)
	if hashed != 1 {
		t.Fatal("the session is not stored as the SHA-256 of its token")
	}
	var plain int
	s.pool.QueryRow(context.Background(), `SELECT count(*) FROM staff_session WHERE token_hash = convert_to($1, 'UTF8') OR csrf_hash IS NULL`, token).Scan(&plain)
	if plain != 0 {
		t.Error("a staff session keeps its token in the clear or has no CSRF hash")
	}
	if code, body := call(t, "GET", ts.URL+"/api/me", token, ""); code != http.StatusOK || !strings.Contains(body, "Ann Agent") {
		t.Fatalf("GET /api/me = %d %s", code, body)
	}
	if code, _ := call(t, "POST", ts.URL+"/api/logout", token, ""); code != http.StatusOK {
		t.Fatalf("logout = %d", code)
	}
	if code, _ := call(t, "GET", ts.URL+"/api/me", token, ""); code != http.StatusUnauthorized {
		t.Errorf("GET /api/me after logout = %d, want 401", code)
	}
}

func TestExpiredSessionsLetNobodyIn(t *testing.T) {
	s, ts := newSite(t)
	_, token := login(t, ts.URL, "agent@kortrijk.demo", "demo")
	if _, err := s.pool.Exec(context.Background(), `UPDATE staff_session SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day'`); err != nil {
		t.Fatal(err)
	}
	if code, _ := call(t, "GET", ts.URL+"/agents-only", token, ""); code != http.StatusUnauthorized {
		t.Errorf("expired session = %d, want 401", code)
	}
}
