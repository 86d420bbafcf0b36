package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/testdb"
	"loket/seed"
)

// city is the real server over a small seeded city, with the demo agent's
// and the demo citizen's bearer tokens.
type city struct {
	t                *testing.T
	pool             *pgxpool.Pool
	url              string
	agent, citizen   string
	category         string  // a category without questions
	lon, lat         float64 // an address point in the city
	street, houseNum string
}

// seededCity builds the city the hostile tests and the fuzzers share.
func seededCity(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	return testdb.NewWith(tb, "hostile", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 11, Until: time.Now().AddDate(0, 0, -1), Years: 1, Tickets: 300}); err != nil {
			return err
		}
		return geo.RefreshStreets(ctx, pool)
	})
}

func newCity(t *testing.T) *city {
	t.Helper()
	pool := seededCity(t)
	ts := httptest.NewServer(New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil))
	t.Cleanup(ts.Close)
	c := &city{t: t, pool: pool, url: ts.URL}
	c.agent = c.login("/api/login", seed.DemoLogins[0].Email, seed.DemoLogins[0].Password)
	c.citizen = c.login("/api/citizen/login", seed.DemoCitizen.Email, seed.DemoCitizen.Password)
	ctx := context.Background()
	if err := pool.QueryRow(ctx, `SELECT code FROM category WHERE active AND parent_id IS NOT NULL
		AND jsonb_array_length(attributes) = 0 ORDER BY code LIMIT 1`).Scan(&c.category); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT ST_X(geom), ST_Y(geom), street_nl, house_number FROM address
		WHERE box = '' ORDER BY id LIMIT 1`).Scan(&c.lon, &c.lat, &c.street, &c.houseNum); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *city) login(path, email, password string) string {
	c.t.Helper()
	code, body := c.do("POST", path, "", "application/json", strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)))
	var out struct{ Token string }
	if err := json.Unmarshal([]byte(body), &out); code != http.StatusOK || err != nil || out.Token == "" {
		c.t.Fatalf("sign-in at %s answered %d: %s", path, code, body)
	}
	return out.Token
}

// do sends a request with an optional bearer token and body type.
func (c *city) do(method, path, token, contentType string, body io.Reader) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// raw sends request text as it is, so no client cleans the path first.
func (c *city) raw(request string) (int, string) {
	c.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(c.url, "http://"))
	if err != nil {
		c.t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, request); err != nil {
		c.t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// wantError checks a JSON error answer with a message.
func wantError(t *testing.T, what string, code int, body string, want int) {
	t.Helper()
	if code != want {
		t.Errorf("%s answered %d, want %d: %.300s", what, code, want, body)
		return
	}
	if e := decodeError(t, body); e.Error.Message == "" || e.Error.Status != want {
		t.Errorf("%s: error body %.300s lacks a message or the status", what, body)
	}
}

// ticketJSON is a new ticket at the city's address point.
func (c *city) ticketJSON(description string) string {
	return fmt.Sprintf(`{"category":%q,"description":%s,"where":{"point":{"x":%v,"y":%v}}}`,
		c.category, description, c.lon, c.lat)
}

func TestHostileBodiesAreRefusedWithA4xx(t *testing.T) {
	c := newCity(t)
	huge := `{"category":"x","description":"` + strings.Repeat("a", 10<<20) + `"}`

	code, body := c.do("POST", "/api/tickets", c.agent, "application/json", strings.NewReader(huge))
	wantError(t, "a 10 MB ticket", code, body, http.StatusRequestEntityTooLarge)
	if !strings.Contains(body, "1 MiB") {
		t.Errorf("the 413 does not say the limit: %s", body)
	}
	// Without a Content-Length the body is cut off while it is read.
	code, body = c.do("POST", "/api/tickets", c.agent, "application/json", io.MultiReader(strings.NewReader(huge)))
	wantError(t, "a 10 MB ticket sent in chunks", code, body, http.StatusRequestEntityTooLarge)

	deep := c.ticketJSON(`"deep"`)
	deep = deep[:len(deep)-1] + `,"attributes":{"a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}}`
	for _, b := range []struct{ what, body string }{
		{"JSON nested 10,000 deep", deep},
		{"JSON nested 10,000 deep, bare", strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)},
		{"two JSON values", c.ticketJSON(`"one"`) + ` {"category":"x"}`},
		{"trailing garbage", c.ticketJSON(`"one"`) + `]`},
		{"invalid UTF-8 in a string", c.ticketJSON("\"bad \xff\xfe byte\"")},
		{"a NUL in a string", c.ticketJSON(`"nul \u0000 here"`)},
		{"an unknown field", `{"category":"x","description":"d","admin":true}`},
		{"an empty body", ``},
		{"not JSON", `category=x`},
	} {
		code, body := c.do("POST", "/api/tickets", c.agent, "application/json", strings.NewReader(b.body))
		wantError(t, b.what, code, body, http.StatusBadRequest)
		if strings.Contains(b.what, "deep") && !strings.Contains(body, "nests deeper than") {
			t.Errorf("%s: the message does not say the JSON nests too deep: %s", b.what, body)
		}
	}
	var n int
	if err := c.pool.QueryRow(context.Background(), `SELECT count(*) FROM ticket WHERE description LIKE '%bad%byte%' OR description LIKE 'nul%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("refused bodies left %d tickets (%v)", n, err)
	}

	t.Run("JSON bodies of the other routes", func(t *testing.T) {
		for _, path := range []string{"/api/tickets/duplicates/check", "/api/my/tickets/1777-2026-000001/comments", "/api/analytics/forecast"} {
			token := c.agent
			if strings.HasPrefix(path, "/api/my/") {
				token = c.citizen
			}
			code, body := c.do("POST", path, token, "application/json", strings.NewReader(strings.Repeat("[", 10000)))
			wantError(t, path+" nested deep", code, body, http.StatusBadRequest)
			code, body = c.do("POST", path, token, "application/json", strings.NewReader(huge))
			wantError(t, path+" 10 MB", code, body, http.StatusRequestEntityTooLarge)
		}
		for _, path := range []string{"/api/login", "/api/citizen/login", "/api/citizen/register"} {
			for _, b := range []string{strings.Repeat("[", 10000), `{"email":"a\u0000@b.be","password":"` + strings.Repeat("p", 100) + `"}`,
				"{\"email\":\"\xff@kortrijk.demo\",\"password\":\"demo\"}", `{"email":"x@y.be","password":"0123456789` + strings.Repeat("é", 40) + `","name":"n"}`} {
				code, body := c.do("POST", path, "", "application/json", strings.NewReader(b))
				if code < 400 || code >= 500 {
					t.Errorf("%s with %.40q answered %d: %s", path, b, code, body)
				}
			}
		}
	})
}

func TestTextThatIsNotUTF8IsRefusedWhereverItComesIn(t *testing.T) {
	c := newCity(t)
	for _, path := range []string{
		"/api/geocode?q=Markt%FF",
		"/api/geocode?q=Markt%00",
		"/api/reverse?lon=3.26&lat=50.82&x%FF=1",
		"/api/tickets?q=%FF%FE",
		"/api/tickets?category=%C0%AF",
		"/api/tickets?team=a%00b",
		"/api/tickets/1777-2026-%FF",
		"/api/residents?name=%FF",
		"/api/tickets/1777-2026-000001/duplicates?x=%FF",
		"/open311/v2/requests.json?service_request_id=%FF",
		"/open311/v2/requests.xml?service_code=%00",
		"/open311/v2/requests/%FF.json",
		"/tiles/tickets/14/8345/5502.mvt?category=%FF",
		"/tiles/tickets_staff/14/8345/5502.mvt?team=%FF",
	} {
		code, body := c.do("GET", path, c.agent, "", nil)
		wantError(t, "GET "+path, code, body, http.StatusBadRequest)
	}

	key, _, err := auth.NewStore(c.pool).CreateClient(context.Background(), 1, "hostile app")
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"description", "address_string", "first_name", "service_code", "attribute[x\xff]"} {
		form := url.Values{"api_key": {key}, "service_code": {c.category}, "lat": {fmt.Sprint(c.lat)}, "long": {fmt.Sprint(c.lon)},
			"description": {"ok"}}
		form.Set(field, "bad \xff\xfe byte")
		code, body := c.do("POST", "/open311/v2/requests.json", "", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		wantError(t, "Open311 form with a bad "+field, code, body, http.StatusBadRequest)
	}
	form := url.Values{"category": {c.category}, "description": {"nul \x00 here"}, "address": {c.street + " " + c.houseNum}}
	code, body := c.do("POST", "/mijn/nieuw", c.citizen, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	wantError(t, "portal form with a NUL", code, body, http.StatusBadRequest)

	var mp bytes.Buffer
	mp.WriteString("--b\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nbad \xff\r\n--b--\r\n")
	code, body = c.do("POST", "/open311/v2/requests.json", "", "multipart/form-data; boundary=b", &mp)
	wantError(t, "multipart form with a bad byte", code, body, http.StatusBadRequest)
	code, body = c.do("POST", "/open311/v2/requests.json", "", "multipart/form-data", strings.NewReader("no boundary"))
	wantError(t, "multipart form without a boundary", code, body, http.StatusBadRequest)

	code, body = c.doWithHeader("POST", "/api/tickets", c.agent, c.ticketJSON(`"keyed"`), "Idempotency-Key", "k\xff")
	wantError(t, "an Idempotency-Key that is not UTF-8", code, body, http.StatusBadRequest)
}

func (c *city) doWithHeader(method, path, token, body, name, value string) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header[name] = []string{value}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// payload is markup and SQL that must come back exactly as typed.
const payload = `<script>alert("x")</script> '; DROP TABLE ticket; -- <img src=x onerror=alert(1)> & "quotes"`

func TestMarkupAndSQLAreStoredVerbatimAndShownEscaped(t *testing.T) {
	c := newCity(t)
	ctx := context.Background()
	quoted, _ := json.Marshal(payload)

	code, body := c.do("POST", "/api/tickets", c.citizen, "application/json", strings.NewReader(c.ticketJSON(string(quoted))))
	if code != http.StatusCreated {
		t.Fatalf("filing the ticket answered %d: %s", code, body)
	}
	var created struct{ Reference, Description string }
	if err := json.Unmarshal([]byte(body), &created); err != nil || created.Description != payload {
		t.Fatalf("the answer's description is %q (%v), want it verbatim", created.Description, err)
	}
	if strings.Contains(body, "<script>") {
		t.Errorf("the JSON answer carries raw markup: %s", body)
	}
	ref := created.Reference
	code, body = c.do("POST", "/api/my/tickets/"+ref+"/comments", c.citizen, "application/json",
		strings.NewReader(`{"body":`+string(quoted)+`}`))
	if code != http.StatusOK {
		t.Fatalf("commenting answered %d: %s", code, body)
	}
	code, body = c.do("POST", "/api/tickets/"+ref+"/replies", c.agent, "application/json", strings.NewReader(`{"body":`+string(quoted)+`}`))
	if code != http.StatusOK {
		t.Fatalf("replying answered %d: %s", code, body)
	}

	var stored string
	if err := c.pool.QueryRow(ctx, `SELECT description FROM ticket WHERE reference = $1`, ref).Scan(&stored); err != nil || stored != payload {
		t.Errorf("stored description %q (%v), want it verbatim", stored, err)
	}
	var comments int
	if err := c.pool.QueryRow(ctx, `SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
		WHERE t.reference = $1 AND e.body = $2`, ref, payload).Scan(&comments); err != nil || comments != 2 {
		t.Errorf("%d comments and replies stored verbatim (%v), want 2", comments, err)
	}

	t.Run("the portal page escapes it", func(t *testing.T) {
		code, page := c.do("GET", "/mijn/meldingen/"+ref, c.citizen, "", nil)
		if code != http.StatusOK {
			t.Fatalf("the portal page answered %d", code)
		}
		for _, raw := range []string{"<script>alert", "<img src=x"} {
			if strings.Contains(page, raw) {
				t.Errorf("the portal page carries %q unescaped", raw)
			}
		}
		if n := strings.Count(html.UnescapeString(page), payload); n < 3 {
			t.Errorf("the portal page shows the text %d times once unescaped, want the description, the comment and the reply", n)
		}
	})
	t.Run("Open311 XML escapes it", func(t *testing.T) {
		code, doc := c.do("GET", "/open311/v2/requests/"+ref+".xml", "", "", nil)
		if code != http.StatusOK {
			t.Fatalf("Open311 answered %d: %s", code, doc)
		}
		if strings.Contains(doc, "<script>") || strings.Contains(doc, "<img") {
			t.Errorf("the XML carries raw markup: %s", doc)
		}
		var list struct {
			Requests []struct {
				Description string `xml:"description"`
				StatusNotes string `xml:"status_notes"`
			} `xml:"request"`
		}
		if err := xml.Unmarshal([]byte(doc), &list); err != nil || len(list.Requests) != 1 ||
			list.Requests[0].Description != payload || list.Requests[0].StatusNotes != payload {
			t.Errorf("the XML description and reply are not the text as typed (%v): %s", err, doc)
		}
	})
	t.Run("the staff API returns it as typed", func(t *testing.T) {
		code, body := c.do("GET", "/api/tickets/"+ref, c.agent, "", nil)
		var got struct{ Description string }
		if err := json.Unmarshal([]byte(body), &got); code != http.StatusOK || err != nil || got.Description != payload {
			t.Errorf("GET /api/tickets/%s = %d, description %q", ref, code, got.Description)
		}
		if code, body := c.do("GET", "/api/tickets?q="+url.QueryEscape(payload), c.agent, "", nil); code != http.StatusOK {
			t.Errorf("searching for the text answered %d: %s", code, body)
		}
	})
	t.Run("as an address it is refused or placed, never run", func(t *testing.T) {
		where := fmt.Sprintf(`{"category":%q,"description":"d","where":{"text":%s}}`, c.category, quoted)
		code, body := c.do("POST", "/api/tickets", c.agent, "application/json", strings.NewReader(where))
		if code != http.StatusCreated && code != http.StatusBadRequest {
			t.Errorf("the address answered %d: %s", code, body)
		}
		where = fmt.Sprintf(`{"category":%q,"description":"d","where":{"text":%q}}`, c.category, c.street+" "+c.houseNum+" '; DROP TABLE ticket; --")
		if code, body := c.do("POST", "/api/tickets", c.agent, "application/json", strings.NewReader(where)); code != http.StatusCreated {
			t.Errorf("a known address with SQL after it answered %d: %s", code, body)
		}
		form := url.Values{"category": {c.category}, "description": {"d"}, "address": {payload}}
		code, page := c.do("POST", "/mijn/nieuw", c.citizen, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if code != http.StatusBadRequest || strings.Contains(page, "<script>alert") || !strings.Contains(html.UnescapeString(page), payload) {
			t.Errorf("the portal form answered %d, with the address kept escaped: %v", code, !strings.Contains(page, "<script>alert"))
		}
	})
	var tables int
	if err := c.pool.QueryRow(ctx, `SELECT count(*) FROM ticket`).Scan(&tables); err != nil || tables < 300 {
		t.Errorf("the ticket table holds %d rows (%v)", tables, err)
	}
}

func TestHugePagesAreRefusedOrCapped(t *testing.T) {
	c := newCity(t)
	for _, path := range []string{
		"/api/tickets?limit=10000000",
		"/api/tickets?limit=-1",
		"/api/tickets?limit=99999999999999999999999",
		"/api/tickets?cursor=garbage",
		"/api/tickets?cursor=OTIyMzM3MjAzNjg1NDc3NTgwNy4x",   // 9223372036854775807.1
		"/api/tickets?cursor=LTkyMjMzNzIwMzY4NTQ3NzU4MDguMQ", // -9223372036854775808.1
		"/api/tickets?created_from=0000-01-01",
		"/api/tickets?bbox=-1e308,-1e308,1e308,1e308",
		"/api/geocode?q=Markt&limit=10000000",
		"/api/geocode?q=Markt&limit=-5",
		"/api/residents?name=Jan&limit=10000000",
		"/api/export/tickets.arrow?limit=10000000",
		"/api/analytics/hexagons?from=0001-01-01&to=9999-12-31",
		"/open311/v2/requests.json?page_size=10000000",
		"/open311/v2/requests.json?page=10000000",
		"/open311/v2/requests.json?page=-1",
		"/open311/v2/requests.json?lat=90&long=0",
		"/open311/v2/requests.json?bbox=-1e308,-90,1e308,90",
		"/api/reverse?lon=3.26&lat=50.82&radius=1e308",
		"/api/reverse?lon=1e308&lat=1e308",
	} {
		code, body := c.do("GET", path, c.agent, "", nil)
		if code >= 500 || code == http.StatusOK && strings.Contains(path, "limit=10000000") {
			t.Errorf("GET %s answered %d: %.300s", path, code, body)
		}
	}
	// Pages past the end are empty, not errors.
	code, body := c.do("GET", "/open311/v2/requests.json?page=100000&page_size=1000", "", "", nil)
	if code != http.StatusOK || strings.TrimSpace(body) != "[]" {
		t.Errorf("the last possible page answered %d: %.300s", code, body)
	}
}

func TestStaticFilesStayInTheirFolder(t *testing.T) {
	c := newCity(t)
	if code, body := c.raw("GET /static/loket.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); code != http.StatusOK || body == "" {
		t.Fatalf("a real static file answered %d", code)
	}
	for _, path := range []string{
		"/static/../go.mod",
		"/static/../../go.mod",
		"/static/%2e%2e/go.mod",
		"/static/%2E%2E/%2E%2E/go.mod",
		"/static/..%2fgo.mod",
		"/static/%2e%2e%2fgo.mod",
		"/static/..%5cgo.mod",
		"/static/..\\go.mod",
		"/static//etc/passwd",
		"/static/%2fetc%2fpasswd",
		"/static/../../../../../../etc/passwd",
		"/static/./../web.go",
	} {
		code, body := c.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		if code != http.StatusNotFound {
			t.Errorf("GET %s answered %d, want 404", path, code)
		}
		if code >= 500 || strings.Contains(body, "module loket") || strings.Contains(body, "root:") || strings.Contains(body, "package web") {
			t.Errorf("GET %s answered %d with %.200s", path, code, body)
		}
	}
	for _, path := range []string{"/static/loket.css%00.txt", "/static/%CF", "/static/\xcf"} {
		if code, body := c.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); code != http.StatusBadRequest {
			t.Errorf("GET %q, not UTF-8 text, answered %d: %.200s", path, code, body)
		}
	}
}

func TestOversizedHeadersGet431(t *testing.T) {
	s, _ := newServer(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	req, _ := http.NewRequest("GET", "http://"+l.Addr().String()+"/healthz", nil)
	req.Header.Set("X-Padding", strings.Repeat("a", 100<<10))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 100 KiB header answered %d, want 431", res.StatusCode)
	}
	res, err = http.Get("http://" + l.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("the server no longer answers after the big header: %d", res.StatusCode)
	}
}
