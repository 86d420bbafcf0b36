package geo

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
)

func TestRegisterSearchIsForAgentsOnlyAndAuditedOncePerCall(t *testing.T) {
	ctx := context.Background()
	pool := demoCity(t)
	p := somebody(t, pool)
	sessions := auth.NewStore(pool)
	r := chi.NewRouter()
	r.Use(sessions.Middleware)
	NewRegister(pool).Routes(r)
	ts := httptest.NewServer(r)
	defer ts.Close()

	token := func(email string) string {
		tok, _, err := sessions.Login(ctx, email, "demo")
		if err != nil {
			t.Fatalf("login %s: %v", email, err)
		}
		return tok
	}
	get := func(tok, query string) (int, string) {
		req, _ := http.NewRequest("GET", ts.URL+"/api/residents?"+query, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	audits := func() int {
		var n int
		pool.QueryRow(ctx, `SELECT count(*) FROM audit_log`).Scan(&n)
		return n
	}
	q := url.Values{"name": {p.last + " " + p.first}, "reason": {"call from a resident"}}.Encode()

	if code, _ := get("", q); code != http.StatusUnauthorized {
		t.Errorf("anonymous search = %d, want 401", code)
	}
	for _, email := range []string{"field@kortrijk.demo", "staff@kortrijk.demo", "manager@kortrijk.demo"} {
		if code, body := get(token(email), q); code != http.StatusForbidden || strings.Contains(body, p.last) {
			t.Errorf("%s search = %d, want 403 without data", email, code)
		}
	}
	if n := audits(); n != 0 {
		t.Fatalf("refused searches left %d audit rows", n)
	}

	code, body := get(token("agent@kortrijk.demo"), q)
	var out residentsResponse
	if code != http.StatusOK || json.Unmarshal([]byte(body), &out) != nil || len(out.Residents) == 0 {
		t.Fatalf("agent search = %d %s", code, body)
	}
	if n := audits(); n != 1 {
		t.Errorf("one search left %d audit rows, want 1", n)
	}

	for _, bad := range []string{"name=" + url.QueryEscape(p.last), "name=x&reason=call", "name=Jan&reason=call&birth_year=old", "name=Jan&reason=call&limit=500"} {
		if code, body := get(token("agent@kortrijk.demo"), bad); code != http.StatusBadRequest || !strings.Contains(body, "message") {
			t.Errorf("search %q = %d %s, want 400 with a message", bad, code, body)
		}
	}
	if n := audits(); n != 1 {
		t.Errorf("bad searches were audited: %d rows, want still 1", n)
	}
}
