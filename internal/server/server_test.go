package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"loket/internal/database"
	"loket/internal/httpx"
	"loket/internal/testdb"
)

func newServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New(testdb.New(t), slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func decodeError(t *testing.T, body string) httpx.ErrorBody {
	t.Helper()
	var e httpx.ErrorBody
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q is not JSON: %v", body, err)
	}
	return e
}

func TestHealthAndReadinessAnswerWhileTheDatabaseIsUp(t *testing.T) {
	_, ts := newServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, body := get(t, ts.URL+path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d %s, want 200", path, resp.StatusCode, body)
		}
		if resp.Header.Get("X-Request-Id") == "" {
			t.Errorf("GET %s carries no X-Request-Id", path)
		}
	}
}

func TestReadinessFailsWhenTheDatabaseIsGone(t *testing.T) {
	pool, err := database.Open(context.Background(), testdb.NewURL(t))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil))
	defer ts.Close()
	pool.Close()

	resp, body := get(t, ts.URL+"/readyz")
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("GET /readyz without database = %d, want 503", resp.StatusCode)
	}
	if e := decodeError(t, body); !strings.Contains(e.Error.Message, "database") {
		t.Errorf("message %q does not say the database is the problem", e.Error.Message)
	}
	if resp, _ := get(t, ts.URL+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz without database = %d, want 200: the process is up", resp.StatusCode)
	}
}

func TestAPanicBecomesA500WithTheRequestIDAndNoStack(t *testing.T) {
	s, ts := newServer(t)
	s.Router().Get("/boom", func(http.ResponseWriter, *http.Request) { panic("secret detail") })

	resp, body := get(t, ts.URL+"/boom")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", resp.StatusCode)
	}
	e := decodeError(t, body)
	if e.Error.RequestID == "" || e.Error.RequestID != resp.Header.Get("X-Request-Id") {
		t.Errorf("error id %q does not match X-Request-Id %q", e.Error.RequestID, resp.Header.Get("X-Request-Id"))
	}
	if strings.Contains(body, "secret detail") || strings.Contains(body, "goroutine") {
		t.Errorf("500 body leaks internals: %s", body)
	}
}

func TestUnknownPathsAndMethodsGetJSONErrors(t *testing.T) {
	_, ts := newServer(t)
	resp, body := get(t, ts.URL+"/no/such/page")
	if resp.StatusCode != http.StatusNotFound || decodeError(t, body).Error.Message == "" {
		t.Errorf("GET unknown path = %d %s, want 404 with a message", resp.StatusCode, body)
	}
	resp, err := http.Post(ts.URL+"/healthz", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d, want 405", resp.StatusCode)
	}
}

func TestHomePageNamesTheMunicipalityAndItsFigures(t *testing.T) {
	s, ts := newServer(t)
	if _, err := s.pool.Exec(context.Background(), `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (1, '34022', 'Kortrijk', 'Courtrai', 'Kortrijk', '1777')`); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, ts.URL+"/")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{"Kortrijk", "/readyz", "Open now"} {
		if !strings.Contains(body, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
}

func TestMetricsCountRequestsByRoutePattern(t *testing.T) {
	_, ts := newServer(t)
	get(t, ts.URL+"/healthz")
	get(t, ts.URL+"/no/such/page")
	resp, body := get(t, ts.URL+"/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %d", resp.StatusCode)
	}
	for _, want := range []string{
		`loket_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`loket_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`loket_db_pool_connections{state="max"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
