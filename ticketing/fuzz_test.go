package ticketing

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"loket/internal/errs"
)

// FuzzParseFilter feeds the list's query string anything: it must never
// panic, a filter it accepts becomes SQL whose placeholders all have a
// value, and a cursor it accepts reads back the same.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		"", "status=new,assigned&category=put-in-weg&team=wegen&assignee=3&neighbourhood=34022WA&limit=500",
		"bbox=3.2,50.8,3.3,50.9&created_from=2026-01-01&created_to=2026-11-27T10:00:00%2B01:00&q=put+stoep",
		"cursor=" + encodeCursor(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), 42), "cursor=garbage", "cursor=OTIyMzM3MjAzNjg1NDc3NTgwNy4x",
		"limit=10000000", "limit=-1", "limit=0", "assignee=1e3", "status=sleeping", "bbox=1,2,3", "bbox=NaN,0,1,1",
		"updated_from=0000-01-01&updated_to=9999-12-31T23:59:59-23:59", "q=%27%3B+DROP+TABLE+ticket%3B+--",
	} {
		f.Add(s)
	}
	placeholder := regexp.MustCompile(`\$(\d+)`)
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		fl, err := ParseFilter(q)
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("ParseFilter(%q) failed as an internal error: %v", raw, err)
			}
			return
		}
		if fl.Limit < 0 || fl.AssigneeID < 0 {
			t.Fatalf("accepted limit %d, assignee %d", fl.Limit, fl.AssigneeID)
		}
		where, args, err := fl.Where(1)
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("Where failed as an internal error: %v", err)
			}
			return
		}
		most := 0
		for _, m := range placeholder.FindAllStringSubmatch(where, -1) {
			n, _ := strconv.Atoi(m[1])
			most = max(most, n)
		}
		if most != len(args) {
			t.Fatalf("%q has placeholders up to $%d for %d values", where, most, len(args))
		}
		// The values go to the database as parameters: other values of
		// the same fields give the same SQL text.
		masked := fl
		for _, v := range []*string{&masked.Category, &masked.Team, &masked.Neighbourhood} {
			if *v != "" {
				*v = "x"
			}
		}
		if strings.TrimSpace(masked.Text) != "" {
			masked.Text = "x"
		}
		if other, _, err := masked.Where(1); err != nil || other != where {
			t.Fatalf("the SQL depends on the values: %q, then %q (%v)", where, other, err)
		}
		if fl.Cursor != "" {
			at, id, err := decodeCursor(fl.Cursor)
			if err != nil {
				return
			}
			at2, id2, err := decodeCursor(encodeCursor(at, id))
			if err != nil || !at2.Equal(at) || id2 != id {
				t.Fatalf("cursor %q reads %v %d, encoded again %v %d (%v)", fl.Cursor, at, id, at2, id2, err)
			}
		}
	})
}

// FuzzChangeRequest feeds a change route's If-Match header and each JSON
// body anything: refusals are the caller's mistake (4xx), and what is
// accepted decodes again to the same value; a ticket that passes its
// checks holds text the database takes.
func FuzzChangeRequest(f *testing.F) {
	for _, s := range []struct {
		ifMatch, body string
	}{
		{`"v3"`, `{"category":"put-in-weg","description":"Een put","priority":1,"where":{"point":{"x":3.26,"y":50.82}},"reporter":{"name":"An","email":"An@Example.be"},"attributes":{"size":"big","kind":["a","b"]},"media_url":"https://example.be/a.jpg"}`},
		{`W/"v12"`, `{"status":"waiting","waiting_on":"planning","planned_for":"2026-12-01","message":"Volgende week"}`},
		{`*`, `{"team":"wegen","assignee_id":7}`},
		{``, `{"Body":"Dank u"}`},
		{`v0`, `{"into":"1777-2026-000001"}`},
		{`"v-1"`, `{"description":"a","where":{"text":"Grote Markt 1"},"at_home":true,"language":"fr","channel":"phone"}`},
		{`"v99999999999999999999"`, `{"category":"x","description":"\u0000"}`},
		{`v1`, `{"category":"x","description":"x"} {"category":"y"}`},
		{`v1`, `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`},
		{`v1`, "{\"description\":\"\xff\"}"},
	} {
		f.Add(s.ifMatch, []byte(s.body))
	}
	targets := []func() any{
		func() any { return new(NewTicket) },
		func() any { return new(StatusChange) },
		func() any { return new(Assignment) },
		func() any { return new(struct{ Body string }) },
		func() any { return new(struct{ Into string }) },
	}
	f.Fuzz(func(t *testing.T, ifMatchHeader string, body []byte) {
		if v, err := ifMatch(ifMatchHeader); err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("ifMatch(%q) failed as an internal error: %v", ifMatchHeader, err)
			}
		} else if v != AnyVersion && v < 1 {
			t.Fatalf("ifMatch(%q) = version %d", ifMatchHeader, v)
		} else if v >= 1 {
			if again, err := ifMatch(etag(v)); err != nil || again != v {
				t.Fatalf("ETag %s reads back as %d, %v", etag(v), again, err)
			}
		}
		for _, target := range targets {
			v := target()
			err := decode(httptest.NewRequest("POST", "/", bytes.NewReader(body)), v)
			if err != nil {
				if k := errs.KindOf(err); k != errs.Invalid && k != errs.TooLarge {
					t.Fatalf("decoding into %T failed as kind %d: %v", v, k, err)
				}
				continue
			}
			if !json.Valid(body) || !utf8.Valid(body) {
				t.Fatalf("accepted %q, which is not UTF-8 JSON", body)
			}
			again := target()
			b, _ := json.Marshal(v)
			err = json.Unmarshal(b, again)
			if b2, _ := json.Marshal(again); err != nil || !bytes.Equal(b, b2) {
				t.Fatalf("%T does not round-trip: %s, then %s (%v)", v, b, b2, err)
			}
			if in, ok := v.(*NewTicket); ok && in.validate() == nil {
				checkValid(t, in)
			}
		}
	})
}

// checkValid asserts what validate promises of a ticket it lets through.
func checkValid(t *testing.T, in *NewTicket) {
	t.Helper()
	switch {
	case in.Category == "" || in.Description == "" || strings.TrimSpace(in.Description) != in.Description:
		t.Fatalf("accepted category %q, description %q", in.Category, in.Description)
	case !utf8.ValidString(in.Description) || strings.ContainsRune(in.Description, 0) || utf8.RuneCountInString(in.Description) > MaxDescription:
		t.Fatalf("accepted a description the database cannot hold: %q", in.Description)
	case in.Priority < 1 || in.Priority > 4:
		t.Fatalf("accepted priority %d", in.Priority)
	case in.MediaURL != "" && !strings.HasPrefix(in.MediaURL, "http://") && !strings.HasPrefix(in.MediaURL, "https://"):
		t.Fatalf("accepted media_url %q", in.MediaURL)
	}
	if r := in.Reporter; r != nil && r.Email != "" && (!strings.Contains(r.Email, "@") || strings.ToLower(r.Email) != r.Email) {
		t.Fatalf("accepted reporter e-mail %q", r.Email)
	}
}
