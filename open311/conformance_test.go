package open311_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
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

// The field lists of GeoReport v2 (wiki.open311.org/GeoReport_v2).
var (
	serviceFields    = []string{"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
	definitionFields = []string{"service_code", "attributes"}
	requestFields    = []string{"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
		"agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
		"address", "address_id", "zipcode", "lat", "long", "media_url"}
	createdFields = []string{"service_request_id", "service_notice"}
	errorFields   = []string{"code", "description"}
)

type site struct {
	t    *testing.T
	pool *pgxpool.Pool
	url  string
	key  string
}

func newSite(t *testing.T) *site {
	t.Helper()
	pool := testdb.NewWith(t, "open311", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 3, Until: time.Now().AddDate(0, 0, -1), Years: 1, Tickets: 300}); err != nil {
			return err
		}
		return geo.RefreshStreets(ctx, pool)
	})
	ts := httptest.NewServer(server.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil))
	t.Cleanup(ts.Close)
	key, _, err := auth.NewStore(pool).CreateClient(context.Background(), 1, "open311 app")
	if err != nil {
		t.Fatal(err)
	}
	return &site{t: t, pool: pool, url: ts.URL, key: key}
}

func (s *site) get(path string) (int, []byte, string) {
	s.t.Helper()
	res, err := http.Get(s.url + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header.Get("Content-Type")
}

func (s *site) post(path string, form url.Values) (int, []byte) {
	s.t.Helper()
	res, err := http.PostForm(s.url+path, form)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// jsonItems decodes a JSON array of objects.
func jsonItems(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("not a JSON array: %v: %s", err, b)
	}
	return out
}

// xmlNode is any XML element, for checking names and children.
type xmlNode struct {
	XMLName  xml.Name
	Children []xmlNode `xml:",any"`
	Text     string    `xml:",chardata"`
}

func xmlItems(t *testing.T, b []byte, root, item string) []xmlNode {
	t.Helper()
	var n xmlNode
	if err := xml.Unmarshal(b, &n); err != nil {
		t.Fatalf("not XML: %v: %s", err, b)
	}
	if n.XMLName.Local != root {
		t.Fatalf("root <%s>, want <%s>", n.XMLName.Local, root)
	}
	var out []xmlNode
	for _, c := range n.Children {
		if c.XMLName.Local != item {
			t.Fatalf("<%s> holds <%s>, want <%s>", root, c.XMLName.Local, item)
		}
		out = append(out, c)
	}
	return out
}

func hasFields(t *testing.T, what string, keys []string, want []string) {
	t.Helper()
	for _, f := range want {
		if !slices.Contains(keys, f) {
			t.Errorf("%s lacks %s (has %v)", what, f, keys)
		}
	}
}

func jsonKeys(m map[string]any) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	return k
}

func xmlKeys(n xmlNode) []string {
	var k []string
	for _, c := range n.Children {
		k = append(k, c.XMLName.Local)
	}
	return k
}

// checkError asserts the spec's error shape in both formats.
func (s *site) checkError(status int, b []byte, f string, want int) {
	s.t.Helper()
	if status != want {
		s.t.Errorf("status %d, want %d: %s", status, want, b)
		return
	}
	if f == "xml" {
		for _, e := range xmlItems(s.t, b, "errors", "error") {
			hasFields(s.t, "XML error", xmlKeys(e), errorFields)
		}
		return
	}
	items := jsonItems(s.t, b)
	if len(items) != 1 || items[0]["code"] != float64(want) || items[0]["description"] == "" {
		s.t.Errorf("error body %s", b)
	}
}

func (s *site) place() (lon, lat float64) {
	s.t.Helper()
	err := s.pool.QueryRow(context.Background(), `SELECT ST_X(geom), ST_Y(geom) FROM address ORDER BY id LIMIT 1 OFFSET 77`).Scan(&lon, &lat)
	if err != nil {
		s.t.Fatal(err)
	}
	return
}

func TestDiscoveryAndServicesInBothFormats(t *testing.T) {
	s := newSite(t)
	for _, f := range []string{"json", "xml"} {
		t.Run(f, func(t *testing.T) {
			code, b, ct := s.get("/open311/discovery." + f)
			if code != 200 || !strings.Contains(string(b), "/open311/v2") || !strings.Contains(ct, map[string]string{"json": "json", "xml": "xml"}[f]) {
				t.Fatalf("discovery: %d %s %s", code, ct, b)
			}
			code, b, _ = s.get("/open311/v2/services." + f)
			if code != 200 {
				t.Fatalf("services: %d", code)
			}
			var codes []string
			if f == "json" {
				for _, it := range jsonItems(t, b) {
					hasFields(t, "service", jsonKeys(it), serviceFields)
					codes = append(codes, it["service_code"].(string))
				}
			} else {
				for _, it := range xmlItems(t, b, "services", "service") {
					hasFields(t, "service", xmlKeys(it), serviceFields)
					codes = append(codes, it.Children[0].Text)
				}
			}
			if len(codes) != 47 || !slices.Contains(codes, "sluikstort") {
				t.Fatalf("%d services: %v", len(codes), codes)
			}
			code, b, _ = s.get("/open311/v2/services/sluikstort." + f)
			if code != 200 {
				t.Fatalf("definition: %d %s", code, b)
			}
			if f == "json" {
				var d map[string]any
				_ = json.Unmarshal(b, &d)
				hasFields(t, "definition", jsonKeys(d), definitionFields)
			} else if !strings.Contains(string(b), "<service_definition>") || !strings.Contains(string(b), "<service_code>sluikstort</service_code>") {
				t.Errorf("definition XML: %s", b)
			}
			code, b, _ = s.get("/open311/v2/services/geen-dienst." + f)
			s.checkError(code, b, f, 404)
			code, b, _ = s.get("/open311/v2/services.json?jurisdiction_id=99999")
			s.checkError(code, b, "json", 404)
		})
	}
	if code, b, _ := s.get("/open311/v2/services.csv"); code != 404 {
		t.Errorf("unknown format: %d %s", code, b)
	}
}

func TestARequestIsPostedFollowedAndKeptPrivate(t *testing.T) {
	s := newSite(t)
	lon, lat := s.place()
	form := url.Values{"api_key": {s.key}, "service_code": {"sluikstort"}, "lat": {ftoa(lat)}, "long": {ftoa(lon)},
		"email": {"els.open311@example.be"}, "first_name": {"Els"}, "last_name": {"Verborgen"}, "phone": {"0470 12 34 56"},
		"description": {"Matras op de stoep"}, "media_url": {"https://example.be/foto.jpg"}, "device_id": {"abc"}, "account_id": {"42"}}
	code, b := s.post("/open311/v2/requests.json", form)
	if code != 201 {
		t.Fatalf("post: %d %s", code, b)
	}
	items := jsonItems(t, b)
	hasFields(t, "created", jsonKeys(items[0]), createdFields)
	id := items[0]["service_request_id"].(string)

	// In the staff queue, routed, with the reporter notified like anyone.
	var channel, team string
	if err := s.pool.QueryRow(context.Background(), `SELECT t.channel, tm.code FROM ticket t JOIN team tm ON tm.id = t.team_id WHERE t.reference = $1`, id).
		Scan(&channel, &team); err != nil || channel != "api" || team != "afval-netheid" {
		t.Fatalf("ticket %s: channel %q team %q %v", id, channel, team, err)
	}
	queue, err := ticketing.New(s.pool, nil).List(context.Background(), 1, ticketing.Filter{Status: []ticketing.Status{"new"}, Team: "afval-netheid", Limit: 500})
	if err != nil || !slices.ContainsFunc(queue.Tickets, func(tk *ticketing.Ticket) bool { return tk.Reference == id && tk.Channel == "api" }) {
		t.Errorf("%s is not in the team's queue of new tickets: %v", id, err)
	}
	if n := count(t, s.pool, `SELECT count(*) FROM outbox WHERE topic = 'ticket.created' AND recipient = 'els.open311@example.be'`); n != 1 {
		t.Errorf("%d confirmations for the reporter, want 1", n)
	}

	// Read back in both formats with every field of the spec.
	code, b, _ = s.get("/open311/v2/requests/" + id + ".json")
	if code != 200 {
		t.Fatalf("get: %d %s", code, b)
	}
	got := jsonItems(t, b)[0]
	hasFields(t, "request", jsonKeys(got), requestFields)
	if got["status"] != "open" || got["service_code"] != "sluikstort" || got["agency_responsible"] == "" {
		t.Errorf("request %v", got)
	}
	code, b, _ = s.get("/open311/v2/requests/" + id + ".xml")
	if code != 200 {
		t.Fatalf("get xml: %d", code)
	}
	for _, it := range xmlItems(t, b, "service_requests", "request") {
		hasFields(t, "XML request", xmlKeys(it), slices.DeleteFunc(slices.Clone(requestFields), func(f string) bool { return f == "expected_datetime" }))
	}
	before := got["updated_datetime"].(string)

	// Staff work it; the public sees the status, the public note and a new updated_datetime.
	svc := ticketing.New(s.pool, nil)
	agent := staff(t, s.pool)
	ctx := context.Background()
	if _, err := svc.Note(ctx, agent, id, ticketing.AnyVersion, "INTERN: buurman verdacht"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Assign(ctx, agent, id, ticketing.AnyVersion, ticketing.Assignment{Team: "afval-netheid"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus(ctx, agent, id, ticketing.AnyVersion, ticketing.StatusChange{Status: "in_progress"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := svc.SetStatus(ctx, agent, id, ticketing.AnyVersion, ticketing.StatusChange{Status: "resolved", Message: "Opgeruimd."}); err != nil {
		t.Fatal(err)
	}
	_, b, _ = s.get("/open311/v2/requests/" + id + ".json?extensions=true")
	got = jsonItems(t, b)[0]
	if got["status"] != "closed" || got["status_notes"] != "Opgeruimd." || got["updated_datetime"].(string) <= before {
		t.Errorf("after resolution: %v (updated before %s)", got, before)
	}
	ext, _ := got["extended_attributes"].(map[string]any)
	if ext == nil || ext["detailed_status"] != "resolved" || len(ext["status_notes"].([]any)) < 3 {
		t.Errorf("extensions: %v", ext)
	}
	// No reporter identity, no internal note, in any answer.
	for _, path := range []string{"/open311/v2/requests/" + id + ".json?extensions=true", "/open311/v2/requests/" + id + ".xml?extensions=true",
		"/open311/v2/requests.json?service_request_id=" + id + "&extensions=true", "/open311/v2/requests.xml?extensions=true"} {
		_, b, _ := s.get(path)
		for _, leak := range []string{"els.open311", "Verborgen", "0470 12 34 56", "INTERN", "national"} {
			if strings.Contains(string(b), leak) {
				t.Errorf("%s shows %q", path, leak)
			}
		}
	}
	code, b, _ = s.get("/open311/v2/tokens/" + id + ".json")
	if code != 200 || !strings.Contains(string(b), id) {
		t.Errorf("token: %d %s", code, b)
	}
}

func TestEveryBadPostIsRefusedInTheSpecsShape(t *testing.T) {
	s := newSite(t)
	lon, lat := s.place()
	good := func() url.Values {
		return url.Values{"api_key": {s.key}, "service_code": {"sluikstort"}, "lat": {ftoa(lat)}, "long": {ftoa(lon)}}
	}
	for _, c := range []struct {
		name   string
		change func(url.Values)
		status int
	}{
		{"no api_key", func(v url.Values) { v.Del("api_key") }, 403},
		{"a wrong api_key", func(v url.Values) { v.Set("api_key", "nope") }, 403},
		{"no service_code", func(v url.Values) { v.Del("service_code") }, 400},
		{"an unknown service_code", func(v url.Values) { v.Set("service_code", "geen-dienst") }, 400},
		{"no location", func(v url.Values) { v.Del("lat"); v.Del("long") }, 400},
		{"lat that is not a number", func(v url.Values) { v.Set("lat", "noord") }, 400},
		{"a point in Brussels", func(v url.Values) { v.Set("lat", "50.8466"); v.Set("long", "4.3517") }, 400},
		{"an unknown address_id", func(v url.Values) { v.Del("lat"); v.Del("long"); v.Set("address_id", "999999999") }, 400},
		{"an address nobody knows", func(v url.Values) { v.Del("lat"); v.Del("long"); v.Set("address_string", "Qwxzyvbnm 12") }, 400},
		{"a bad e-mail", func(v url.Values) { v.Set("email", "not an address") }, 400},
		{"another jurisdiction", func(v url.Values) { v.Set("jurisdiction_id", "11002") }, 404},
		{"a media_url that is not a URL", func(v url.Values) { v.Set("media_url", "file:///etc/passwd") }, 400},
	} {
		for _, f := range []string{"json", "xml"} {
			t.Run(c.name+" ("+f+")", func(t *testing.T) {
				v := good()
				c.change(v)
				code, b := s.post("/open311/v2/requests."+f, v)
				s.checkError(code, b, f, c.status)
			})
		}
	}
	// address_string and address_id are locations too.
	for _, v := range []url.Values{{"address_string": {"Leiestraat 12 8500"}}, {"address_id": {"1"}}} {
		form := url.Values{"api_key": {s.key}, "service_code": {"sluikstort"}}
		for k, x := range v {
			form[k] = x
		}
		if code, b := s.post("/open311/v2/requests.xml", form); code != 201 || !strings.Contains(string(b), "<service_request_id>") {
			t.Errorf("post with %v: %d %s", v, code, b)
		}
	}
}

func TestListFiltersAndExtensions(t *testing.T) {
	s := newSite(t)
	lon, lat := s.place()
	var ids []string
	for i := range 3 {
		code, b := s.post("/open311/v2/requests.json", url.Values{"api_key": {s.key}, "service_code": {[]string{"sluikstort", "zwerfvuil", "sluikstort"}[i]},
			"lat": {ftoa(lat)}, "long": {ftoa(lon)}})
		if code != 201 {
			t.Fatalf("post: %d %s", code, b)
		}
		ids = append(ids, jsonItems(t, b)[0]["service_request_id"].(string))
	}
	list := func(q string) []map[string]any {
		code, b, _ := s.get("/open311/v2/requests.json?" + q)
		if code != 200 {
			t.Fatalf("%s: %d %s", q, code, b)
		}
		return jsonItems(t, b)
	}
	if got := list("service_request_id=" + ids[0] + "," + ids[1]); len(got) != 2 {
		t.Errorf("by ids: %d", len(got))
	}
	since := url.QueryEscape(time.Now().Add(-time.Minute).Format(time.RFC3339))
	if got := list("service_code=sluikstort&start_date=" + since); len(got) != 2 {
		t.Errorf("by code since a minute: %d", len(got))
	}
	if got := list("updated_after=" + since + "&status=open"); len(got) != 3 {
		t.Errorf("updated in the last minute: %d", len(got))
	}
	if got := list("updated_after=" + since + "&status=closed"); len(got) != 0 {
		t.Errorf("closed and new: %d", len(got))
	}
	if got := list("start_date=" + since + "&lat=" + ftoa(lat) + "&long=" + ftoa(lon) + "&radius=50"); len(got) != 3 {
		t.Errorf("within 50 m: %d", len(got))
	}
	if got := list("start_date=" + since + "&bbox=4.0,50.0,4.1,50.1"); len(got) != 0 {
		t.Errorf("in a far box: %d", len(got))
	}
	p1, p2 := list("start_date="+since+"&page_size=2"), list("start_date="+since+"&page_size=2&page=2")
	if len(p1) != 2 || len(p2) != 1 || p1[0]["service_request_id"] == p2[0]["service_request_id"] {
		t.Errorf("pages of 2: %d then %d", len(p1), len(p2))
	}
	// Without dates the list reaches 90 days back, not the whole history.
	if n, total := len(list("page_size=1000")), count(t, s.pool, `SELECT count(*) FROM ticket WHERE created_at >= now() - interval '90 days'`); n != min(total, 1000) {
		t.Errorf("default window: %d requests, want %d", n, total)
	}
	for _, bad := range []string{"start_date=gisteren", "status=half", "page=0", "page_size=5000", "lat=50", "bbox=1,2,3", "end_date=2020-01-01&start_date=2021-01-01"} {
		code, b, _ := s.get("/open311/v2/requests.json?" + bad)
		s.checkError(code, b, "json", 400)
		code, b, _ = s.get("/open311/v2/requests.xml?" + bad)
		s.checkError(code, b, "xml", 400)
	}
	code, b, _ := s.get("/open311/v2/requests/1777-1999-000001.xml")
	s.checkError(code, b, "xml", 404)
}

func ftoa(f float64) string { return strconvFloat(f) }

func TestARequestAtTheReportersHomeDoesNotSayWhereTheyLive(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var resident int64
	var street, number string
	if err := s.pool.QueryRow(ctx, `SELECT r.id, a.street_nl, a.house_number FROM resident r JOIN address a ON a.id = r.address_id
		ORDER BY r.id LIMIT 1`).Scan(&resident, &street, &number); err != nil {
		t.Fatal(err)
	}
	tk, err := ticketing.New(s.pool, nil).Create(ctx, staff(t, s.pool), ticketing.NewTicket{Category: "container-niet-geledigd",
		Description: "Container niet geledigd", AtHome: true, Reporter: &ticketing.NewReporter{ResidentID: resident}})
	if err != nil {
		t.Fatal(err)
	}
	_, b, _ := s.get("/open311/v2/requests/" + tk.Reference + ".json")
	got := jsonItems(t, b)[0]
	if got["address"] != street || strings.Contains(string(b), street+" "+number) {
		t.Errorf("address %q, want only the street %q", got["address"], street)
	}
	for _, k := range []string{"lat", "long"} {
		v := got[k].(float64)
		if strconvFloat(v) != strconvFloat(float64(int64(v*1000+0.5*sign(v)))/1000) {
			t.Errorf("%s %v is not rounded to 3 decimals", k, v)
		}
	}
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}
