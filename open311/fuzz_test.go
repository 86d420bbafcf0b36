package open311

import (
	"math"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseQuery feeds the list's query string anything: it must never
// panic, and a query it accepts stays within the spec's bounds.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "service_request_id=1777-2026-000001,%201777-2026-000002&extensions=true",
		"service_code=put-in-weg&status=open&start_date=2026-01-01T00:00:00%2B01:00&end_date=2026-11-27",
		"page=3&page_size=1000", "page=10000000", "page_size=0", "page=-1",
		"lat=50.82&long=3.26&radius=250", "lat=90&long=0", "lat=NaN&long=1", "lat=1e308&long=1e308&radius=1e308",
		"bbox=3.2,50.8,3.3,50.9", "bbox=-1e308,-90,1e308,90", "bbox=1,2,3", "updated_after=2026-13-01", "lang=fr&jurisdiction_id=34022",
		"status=closed&end_date=2026-01-01&start_date=2026-02-01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/open311/v2/requests.json", nil)
		r.URL.RawQuery = raw
		q, problem := parseQuery(r)
		if problem != "" {
			return
		}
		switch {
		case q.page < 1 || q.page > 100000 || q.pageSize < 1 || q.pageSize > 1000:
			t.Fatalf("accepted page %d of size %d", q.page, q.pageSize)
		case q.status != "" && q.status != "open" && q.status != "closed":
			t.Fatalf("accepted status %q", q.status)
		case q.from != nil && q.to != nil && q.to.Before(*q.from):
			t.Fatalf("accepted an end before the start: %v, %v", q.from, q.to)
		case q.lang != "nl" && q.lang != "fr" && q.lang != "en":
			t.Fatalf("answers in language %q", q.lang)
		case len(q.ids) == 0 && q.from == nil && q.to == nil && q.updatedAfter == nil && q.updBefor == nil:
			t.Fatal("a list without ids or dates reaches back without end")
		}
		if n := q.near; n != nil && !(n[0] >= -90 && n[0] <= 90 && n[1] >= -180 && n[1] <= 180 && n[2] > 0 && n[2] <= 50000) {
			t.Fatalf("accepted lat, long, radius %v", *n)
		}
		if b := q.bbox; b != nil && !(b[0] < b[2] && b[1] < b[3] && b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90) {
			t.Fatalf("accepted bbox %v", *b)
		}
		for _, list := range [][]string{q.ids, q.codes} {
			for _, s := range list {
				if s == "" || strings.TrimSpace(s) != s || strings.Contains(s, ",") {
					t.Fatalf("list item %q is not trimmed text", s)
				}
			}
		}
	})
}

// FuzzNewTicket feeds the create form anything: it must never panic, and a
// form it accepts says what and where, exactly one way, and who reports.
func FuzzNewTicket(f *testing.F) {
	for _, s := range []string{
		"service_code=put-in-weg&lat=50.82&long=3.26&description=Een+put&first_name=An&last_name=Peeters&email=an%40example.be",
		"service_code=afval&address_string=Grote+Markt+1%2C+8500+Kortrijk&attribute%5Bsize%5D=big&attribute%5Bkind%5D%5B%5D=a&attribute%5Bkind%5D%5B%5D=b",
		"service_code=afval&address_id=42&media_url=https%3A%2F%2Fexample.be%2Fa.jpg&lang=fr",
		"service_code=x&lat=NaN&long=1", "service_code=x&lat=1e400&long=1", "service_code=x&address_id=-1", "service_code=x&address_id=0x10",
		"service_code=&lat=1&long=2", "service_code=x&address_string=+++", "service_code=x&lat=1", "description=%FF%00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/open311/v2/requests.json", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		in, problem := newTicket(r)
		if problem != "" {
			return
		}
		if in.Category == "" || strings.TrimSpace(in.Description) == "" || in.Reporter == nil {
			t.Fatalf("accepted a ticket without a category, description or reporter: %+v", in)
		}
		ways := 0
		if p := in.Where.Point; p != nil {
			ways++
			if math.IsNaN(p.X) || math.IsNaN(p.Y) {
				t.Fatalf("accepted point %+v", *p)
			}
		}
		if in.Where.AddressID != 0 {
			ways++
			if in.Where.AddressID < 1 {
				t.Fatalf("accepted address_id %d", in.Where.AddressID)
			}
		}
		if strings.TrimSpace(in.Where.Text) != "" {
			ways++
		}
		if ways != 1 {
			t.Fatalf("the place is given %d ways: %+v", ways, in.Where)
		}
		rep := in.Reporter
		if named := rep.Name != "" || rep.Email != "" || rep.Phone != ""; named == rep.Anonymous {
			t.Fatalf("reporter %+v is anonymous and named at once, or neither", *rep)
		}
		for code, v := range in.Attributes {
			switch v.(type) {
			case string, []string:
			default:
				t.Fatalf("attribute %q holds a %T", code, v)
			}
		}
	})
}
