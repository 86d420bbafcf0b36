package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/seed"
)

// fuzzCity is the real router over the seeded city for the HTTP-level
// fuzzers, with bearer tokens of the demo admin (who holds every staff
// role) and the demo citizen, an Open311 key and a ticket to act on. Each
// fuzzing process builds it once and sends every input to it.
type fuzzCity struct {
	srv                  *Server
	admin, citizen, key  string
	ref, citizenRef, cat string
}

func newFuzzCity(f *testing.F) *fuzzCity {
	f.Helper()
	pool := seededCity(f)
	c := &fuzzCity{srv: New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)}
	admin := seed.DemoLogins[len(seed.DemoLogins)-1]
	c.admin = c.login(f, "/api/login", admin.Email, admin.Password)
	c.citizen = c.login(f, "/api/citizen/login", seed.DemoCitizen.Email, seed.DemoCitizen.Password)
	ctx := context.Background()
	var err error
	if c.key, _, err = auth.NewStore(pool).CreateClient(ctx, 1, "fuzzing app"); err != nil {
		f.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT t.reference, c.code FROM ticket t JOIN category c ON c.id = t.category_id
		WHERE t.status NOT IN ('closed', 'rejected', 'duplicate') ORDER BY t.id LIMIT 1`).Scan(&c.ref, &c.cat); err != nil {
		f.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT t.reference FROM ticket t JOIN citizen ci ON ci.resident_id = t.reporter_resident_id
		WHERE ci.email = $1 ORDER BY t.id LIMIT 1`, seed.DemoCitizen.Email).Scan(&c.citizenRef); err != nil {
		f.Fatal(err)
	}
	return c
}

func (c *fuzzCity) login(f *testing.F, path, email, password string) string {
	f.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	c.srv.ServeHTTP(rec, req)
	var out struct{ Token string }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); rec.Code != http.StatusOK || err != nil {
		f.Fatalf("sign-in at %s answered %d: %s", path, rec.Code, rec.Body)
	}
	return out.Token
}

// route is a place to send fuzzed input: who asks, and the path, where
// {ref} is a ticket of the city and {mine} one of the citizen's.
type route struct{ who, path string }

func (c *fuzzCity) path(rt route) string {
	return strings.NewReplacer("{ref}", c.ref, "{mine}", c.citizenRef).Replace(rt.path)
}

// serve sends req as rt's caller and checks the answer: never a 5xx or
// a trace, and a JSON answer is JSON.
func (c *fuzzCity) serve(t *testing.T, rt route, req *http.Request) {
	t.Helper()
	switch rt.who {
	case "admin":
		req.Header.Set("Authorization", "Bearer "+c.admin)
	case "citizen":
		req.Header.Set("Authorization", "Bearer "+c.citizen)
	}
	rec := httptest.NewRecorder()
	c.srv.ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code >= 500 {
		t.Fatalf("%s %s?%s answered %d: %.500s", req.Method, req.URL.Path, req.URL.RawQuery, rec.Code, body)
	}
	if strings.Contains(body, "goroutine ") || strings.Contains(body, "runtime/debug") {
		t.Fatalf("%s %s leaks a trace: %.500s", req.Method, req.URL.Path, body)
	}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("%s %s answered %d with broken JSON: %.500s", req.Method, req.URL.Path, rec.Code, body)
	}
}

var jsonRoutes = []route{
	{"admin", "/api/tickets"}, {"citizen", "/api/tickets"},
	{"admin", "/api/tickets/{ref}/status"}, {"admin", "/api/tickets/{ref}/assign"}, {"admin", "/api/tickets/{ref}/replies"},
	{"admin", "/api/tickets/{ref}/notes"}, {"admin", "/api/tickets/{ref}/merge"}, {"citizen", "/api/my/tickets/{mine}/comments"},
	{"admin", "/api/tickets/duplicates/check"}, {"admin", "/api/analytics/forecast"},
	{"", "/api/login"}, {"", "/api/citizen/login"}, {"", "/api/citizen/register"}, {"", "/api/citizen/verify"},
}

// FuzzJSONBodies posts anything as JSON to every route that decodes a
// JSON body: ticket changes, sign-in and registration, the forecast.
func FuzzJSONBodies(f *testing.F) {
	for i, body := range []string{
		`{"category":"CAT","description":"Een put <script>alert(1)</script>","where":{"text":"Grote Markt 1, 8500 Kortrijk"},"reporter":{"name":"An","email":"an@example.be"}}`,
		`{"category":"CAT","description":"'; DROP TABLE ticket; --","where":{"point":{"x":3.26,"y":50.82}},"attributes":{"a":["b"]}}`,
		`{"status":"waiting","waiting_on":"planning","planned_for":"2026-12-01","message":"Volgende week"}`,
		`{"team":"wegen","assignee_id":2}`, `{"body":"Dank u voor uw melding"}`, `{"body":"intern"}`, `{"into":"1777-2026-000001"}`,
		`{"body":"Het wordt gevaarlijk"}`, `{"category":"CAT","description":"Een put","lon":3.26,"lat":50.82}`,
		`[{"day":"2026-12-01","temp_min":-3,"temp_max":2,"precip_mm":0,"snow_cm":0}]`,
		`{"email":"agent@kortrijk.demo","password":"demo"}`, `{"email":"burger@kortrijk.demo","password":"demo"}`,
		`{"email":"nieuw@example.be","password":"0123456789abc","name":"Nieuw","language":"fr"}`, `{"token":"abc"}`,
	} {
		f.Add(uint8(i), []byte(body))
	}
	f.Add(uint8(0), []byte(`{"category":"x","description":"\u0000"}`))
	f.Add(uint8(10), []byte("{\"email\":\"\xff\",\"password\":\"\u0000\"}"))
	f.Add(uint8(9), []byte(`[{"day":"9999-99-99","temp_min":1e308}]`))
	c := newFuzzCity(f)
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		rt := jsonRoutes[int(which)%len(jsonRoutes)]
		body = bytes.ReplaceAll(body, []byte("CAT"), []byte(c.cat))
		req := httptest.NewRequest("POST", c.path(rt), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		c.serve(t, rt, req)
	})
}

var getRoutes = []route{
	{"admin", "/api/tickets"}, {"citizen", "/api/my/tickets"}, {"", "/api/geocode"}, {"", "/api/reverse"}, {"admin", "/api/residents"},
	{"", "/open311/v2/requests"}, {"", "/open311/v2/services"}, {"", "/open311/discovery"},
	{"admin", "/tiles/"}, {"admin", "/api/export/tickets."}, {"admin", "/api/analytics/"},
	{"citizen", "/mijn"}, {"admin", "/werk"}, {"", "/static/"}, {"", "/"},
}

// FuzzGetRequests sends any path tail and query string to the read
// routes: lists, lookups, tiles, exports, analyses, pages and files.
func FuzzGetRequests(f *testing.F) {
	for _, s := range []struct {
		which       uint8
		tail, query string
	}{
		{0, "", "status=new,assigned&limit=500&q=put"}, {0, "/{ref}", ""}, {0, "/{ref}/duplicates", ""}, {0, "", "limit=10000000&cursor=x"},
		{1, "/{mine}", ""}, {2, "", "q=Grote+Markt+1+8500+Kortrijk&limit=5"}, {3, "", "lon=3.2649&lat=50.8279&radius=1e308"},
		{4, "", "name=Peeters&birth_year=1985&limit=50&reason=melding"}, {5, ".json", "status=open&page=2&page_size=1000&lat=50.8&long=3.2"},
		{5, ".xml", "bbox=3.2,50.8,3.3,50.9&extensions=true"}, {5, "/{ref}.json", "lang=fr"}, {6, ".json", "lang=en"}, {6, "/CAT.xml", ""},
		{7, ".json", ""}, {8, "tickets/14/8345/5502.mvt", "status=open&from=2026-01-01"}, {8, "tickets_staff/12/2086/1375.mvt", "team=wegen"},
		{8, "neighbourhoods/0/0/0.mvt", ""}, {8, "style.json", ""}, {8, "hotspots.json", ""},
		{9, "arrow", "status=open&limit=100"}, {9, "parquet", "created_from=2026-01-01"},
		{10, "season", "category=CAT"}, {10, "spikes", ""}, {10, "hexagons", "from=2026-01-01&to=2026-06-30"}, {10, "clusters", ""},
		{10, "neighbourhoods", ""}, {10, "hotspots", ""},
		{11, "", ""}, {11, "/nieuw", ""}, {11, "/meldingen/{mine}", ""}, {12, "", ""}, {12, "/balie", ""}, {12, "/wachtrij", "team=x"},
		{12, "/terrein", ""}, {12, "/dashboard", ""}, {13, "loket.css", ""}, {13, "../go.mod", ""}, {13, "%2e%2e/go.mod", ""}, {14, "", ""},
	} {
		f.Add(s.which, s.tail, s.query)
	}
	c := newFuzzCity(f)
	f.Fuzz(func(t *testing.T, which uint8, tail, query string) {
		rt := getRoutes[int(which)%len(getRoutes)]
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = c.path(route{path: rt.path + strings.ReplaceAll(tail, "CAT", c.cat)})
		req.URL.RawQuery = query
		c.serve(t, rt, req)
	})
}

var formRoutes = []route{
	{"key", "/open311/v2/requests.json"}, {"key", "/open311/v2/requests.xml"}, {"citizen", "/mijn/nieuw"},
	{"citizen", "/mijn/meldingen/{mine}/reacties"}, {"", "/mijn/aanmelden"}, {"", "/werk/aanmelden"},
}

// FuzzFormBodies posts any form to the routes that read forms: Open311's
// create and the portal's and staff pages' forms.
func FuzzFormBodies(f *testing.F) {
	for i, body := range []string{
		"service_code=CAT&lat=50.82&long=3.26&description=Een+put&first_name=An&email=an%40example.be&attribute%5Bx%5D=y",
		"service_code=CAT&address_string=Grote+Markt+1&media_url=https%3A%2F%2Fexample.be%2Fa.jpg",
		"category=CAT&description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&address=Grote+Markt+1",
		"body=%27%3B+DROP+TABLE+ticket%3B+--", "email=burger%40kortrijk.demo&password=demo", "email=agent%40kortrijk.demo&password=demo",
	} {
		f.Add(uint8(i), body)
	}
	f.Add(uint8(0), "service_code=%FF&lat=1e400&long=NaN&address_id=-1")
	f.Add(uint8(2), "category=x&description=%00&address=%C0%AF")
	c := newFuzzCity(f)
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		rt := formRoutes[int(which)%len(formRoutes)]
		body = strings.ReplaceAll(body, "CAT", c.cat)
		if rt.who == "key" {
			body = "api_key=" + c.key + "&" + body
		}
		req := httptest.NewRequest("POST", c.path(rt), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		c.serve(t, rt, req)
	})
}
