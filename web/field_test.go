package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"loket/seed"
)

// fieldRefs are the references the field list shows, in its order.
func fieldRefs(body string) []string {
	var refs []string
	for _, m := range regexp.MustCompile(`<li class="field-ticket[^"]*" id="t-([0-9]+-[0-9]+-[0-9]+)"`).FindAllStringSubmatch(body, -1) {
		refs = append(refs, m[1])
	}
	return refs
}

// refsWhere lists the references of the tickets matching cond (on ticket
// t joined to category c), ordered as the field list orders them.
func (s *site) refsWhere(cond string, args ...any) []string {
	s.t.Helper()
	rows, err := s.pool.Query(context.Background(), `
		SELECT t.reference FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		WHERE `+cond+`
		ORDER BY t.status IN ('resolved', 'closed', 'rejected', 'duplicate'), t.created_at DESC, t.id DESC`, args...)
	if err != nil {
		s.t.Fatal(err)
	}
	refs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		s.t.Fatal(err)
	}
	return refs
}

func (s *site) fieldBrowser(email string) *browser {
	b := s.browser()
	b.signInStaff(email, "demo")
	return b
}

// getOK fetches a field page that must answer 200.
func (b *browser) getOK(path string) string {
	b.s.t.Helper()
	code, body := b.get(path)
	if code != http.StatusOK {
		b.s.t.Fatalf("%s answered %d:\n%s", path, code, body)
	}
	return body
}

func TestTheFieldPageIsForTheFieldCrewStaffAndManagers(t *testing.T) {
	s := newSite(t)
	path := "/werk/terrein?neighbourhood=34022WC"
	for _, l := range seed.DemoLogins {
		code, body := s.fieldBrowser(l.Email).get(path)
		want := http.StatusOK
		if l.Role == "agent" {
			want = http.StatusForbidden
		}
		if code != want {
			t.Errorf("%s (%s) answered %d, want %d", l.Email, l.Role, code, want)
		}
		if code == http.StatusOK && !strings.Contains(body, `id="field-map"`) {
			t.Errorf("%s sees no map", l.Email)
		}
	}
	if code, _ := s.browser().get(path); code != http.StatusSeeOther {
		t.Errorf("a visitor answered %d, want a redirect to the sign-in", code)
	}
	c := s.browser()
	if code, _, _ := c.post("/mijn/aanmelden", url.Values{"email": {seed.DemoCitizen.Email}, "password": {seed.DemoCitizen.Password}}, false); code != http.StatusSeeOther {
		t.Fatalf("the demo citizen's sign-in answered %d", code)
	}
	if code, _ := c.get(path); code != http.StatusSeeOther {
		t.Errorf("a citizen answered %d, want a redirect to the staff sign-in", code)
	}
}

func TestTheFieldListShowsTheTicketsAroundAPlaceAndNoneFurther(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	b := s.fieldBrowser("field@kortrijk.demo")

	// A ticket at a register address, somewhere busy.
	var ref, street, number string
	var lon, lat float64
	if err := s.pool.QueryRow(ctx, `
		SELECT t.reference, a.street_nl, a.house_number, ST_X(t.geom), ST_Y(t.geom)
		FROM ticket t JOIN address a ON a.municipality_id = t.municipality_id AND a.id = t.address_id
		WHERE t.geocode_quality = 'address' AND a.box = ''
		ORDER BY (SELECT count(*) FROM ticket o WHERE ST_DWithin(o.geom_3857, t.geom_3857, 390)) DESC, t.id
		LIMIT 1`).Scan(&ref, &street, &number, &lon, &lat); err != nil {
		t.Fatal(err)
	}
	near := `ST_DWithin(t.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)`

	t.Run("around a point", func(t *testing.T) {
		body := b.getOK(fmt.Sprintf("/werk/terrein?lon=%f&lat=%f&period=all", lon, lat))
		want := s.refsWhere(near, lon, lat, 250)
		if got := fieldRefs(body); !slices.Equal(got, want) {
			t.Errorf("the list shows %d tickets %v,\nwant the %d within 250 m %v", len(got), got, len(want), want)
		}
		if len(want) < 2 {
			t.Fatalf("only %d tickets near the busiest address: the test proves little", len(want))
		}
		far := s.refsWhere(`NOT ST_DWithin(t.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 1000)`, lon, lat)
		for _, r := range far[:10] {
			if strings.Contains(body, r) {
				t.Errorf("ticket %s, more than a kilometre away, is on the page", r)
			}
		}
		// A wider radius finds more, and the same ones first.
		wide := fieldRefs(b.getOK(fmt.Sprintf("/werk/terrein?lon=%f&lat=%f&period=all&radius=500", lon, lat)))
		if want := s.refsWhere(near, lon, lat, 500); !slices.Equal(wide, want) || len(wide) <= len(fieldRefs(body)) {
			t.Errorf("within 500 m the list shows %d tickets, want %d, more than within 250 m", len(wide), len(want))
		}
	})

	t.Run("around an address", func(t *testing.T) {
		body := b.getOK("/werk/terrein?period=all&address=" + url.QueryEscape(street+" "+number))
		if !slices.Contains(fieldRefs(body), ref) {
			t.Errorf("the list around %s %s lacks its ticket %s", street, number, ref)
		}
		if !strings.Contains(html.UnescapeString(body), street+" "+number) {
			t.Error("the heading does not name the address")
		}
	})

	t.Run("in a neighbourhood", func(t *testing.T) {
		var code string
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT n.code, count(*) FROM neighbourhood n JOIN ticket t ON ST_Contains(n.geom, t.geom)
			GROUP BY n.code HAVING count(*) BETWEEN 20 AND 200 ORDER BY count(*) DESC LIMIT 1`).Scan(&code, &n); err != nil {
			t.Fatal(err)
		}
		body := b.getOK("/werk/terrein?period=all&neighbourhood=" + code)
		want := s.refsWhere(`ST_Contains((SELECT geom FROM neighbourhood WHERE code = $1), t.geom)`, code)
		if got := fieldRefs(body); !slices.Equal(got, want) {
			t.Errorf("the neighbourhood's list shows %d tickets, want its %d", len(got), len(want))
		}
	})

	t.Run("a wide choice is cut and says so", func(t *testing.T) {
		var code string
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT n.code, count(*) FROM neighbourhood n JOIN ticket t ON ST_Contains(n.geom, t.geom)
			GROUP BY n.code ORDER BY count(*) DESC LIMIT 1`).Scan(&code, &n); err != nil {
			t.Fatal(err)
		}
		if n <= 200 {
			t.Fatalf("the busiest neighbourhood has only %d tickets", n)
		}
		body := b.getOK("/werk/terrein?period=all&neighbourhood=" + code)
		want := s.refsWhere(`ST_Contains((SELECT geom FROM neighbourhood WHERE code = $1), t.geom)`, code)[:200]
		if got := fieldRefs(body); !slices.Equal(got, want) {
			t.Errorf("the cut list shows %d tickets, want the first 200 of %d", len(got), n)
		}
		if !strings.Contains(body, fmt.Sprintf("De lijst toont de 200 nieuwste van %d meldingen", n)) {
			t.Error("the page does not say the list is cut")
		}
	})
}

func TestTheFieldFiltersNarrowTheList(t *testing.T) {
	s := newSite(t)
	b := s.fieldBrowser("field@kortrijk.demo")
	const nbh = "34022WN"
	in := `ST_Contains((SELECT geom FROM neighbourhood WHERE code = '` + nbh + `'), t.geom)`
	page := "/werk/terrein?neighbourhood=" + nbh
	check := func(t *testing.T, query, cond string, args ...any) {
		t.Helper()
		got := fieldRefs(b.getOK(page + query))
		want := s.refsWhere(in+" AND "+cond, args...)
		if len(want) == 0 || len(want) > 200 {
			t.Fatalf("%s selects %d tickets: choose a filter that proves something", query, len(want))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s shows %d tickets, want %d", query, len(got), len(want))
		}
	}
	t.Run("a category and its parent", func(t *testing.T) {
		check(t, "&period=all&category=grofvuil", "c.code = 'grofvuil'")
		check(t, "&period=all&category=afvalophaling",
			"c.parent_id = (SELECT id FROM category WHERE code = 'afvalophaling')")
	})
	t.Run("open or handled", func(t *testing.T) {
		check(t, "&period=all&status=open", "t.status NOT IN ('resolved', 'closed', 'rejected', 'duplicate')")
		check(t, "&period=all&status=closed", "t.status IN ('resolved', 'closed', 'rejected', 'duplicate')")
	})
	t.Run("periods", func(t *testing.T) {
		check(t, "&period=90d", "t.created_at >= date_trunc('day', now() AT TIME ZONE 'Europe/Brussels' - interval '90 days') AT TIME ZONE 'Europe/Brussels'")
		check(t, "", "t.created_at >= date_trunc('day', now() AT TIME ZONE 'Europe/Brussels' - interval '365 days') AT TIME ZONE 'Europe/Brussels'")
		var from, to string
		if err := s.pool.QueryRow(context.Background(), `SELECT to_char(min(created_at) AT TIME ZONE 'Europe/Brussels' + interval '60 days', 'YYYY-MM-DD'),
			to_char(min(created_at) AT TIME ZONE 'Europe/Brussels' + interval '150 days', 'YYYY-MM-DD') FROM ticket`).Scan(&from, &to); err != nil {
			t.Fatal(err)
		}
		check(t, "&from="+from+"&to="+to, "t.created_at >= ($1::date)::timestamp AT TIME ZONE 'Europe/Brussels'"+
			" AND t.created_at < ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Brussels'", from, to)
	})
	t.Run("the map's tiles take the same filters", func(t *testing.T) {
		body := html.UnescapeString(b.getOK(page + "&category=afvalophaling&status=open&period=all"))
		for _, want := range []string{"category=afvalophaling%2Ccontainer-niet-geledigd%2Cgroenafval-niet-opgehaald%2Cgrofvuil%2Cpmd-papier-niet-opgehaald&", "status=open", "data-staff"} {
			if !strings.Contains(body, want) {
				t.Errorf("the map element lacks %s", want)
			}
		}
	})
}

func TestTheFieldListShowsEachTicketsHistoryAndLinks(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	b := s.fieldBrowser("field@kortrijk.demo")

	// A master with a duplicate merged into it, near each other.
	var master, dup string
	var lon, lat float64
	if err := s.pool.QueryRow(ctx, `
		SELECT m.reference, d.reference, ST_X(m.geom), ST_Y(m.geom) FROM ticket d JOIN ticket m ON m.id = d.duplicate_of
		WHERE ST_DWithin(d.geom::geography, m.geom::geography, 100) ORDER BY d.id LIMIT 1`).Scan(&master, &dup, &lon, &lat); err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO ticket_follower (municipality_id, ticket_id, email, name)
		SELECT municipality_id, id, x.email, 'Volger' FROM ticket, (VALUES ('een@example.be'), ('twee@example.be')) x(email)
		WHERE reference = $1`, master); err != nil {
		t.Fatal(err)
	}
	body := b.getOK(fmt.Sprintf("/werk/terrein?lon=%f&lat=%f&radius=100&period=all", lon, lat))
	card := func(ref string) string {
		i := strings.Index(body, `id="t-`+ref+`"`)
		if i < 0 {
			t.Fatalf("the list lacks %s", ref)
		}
		j := strings.Index(body[i:], "</details>")
		return html.UnescapeString(body[i : i+j])
	}
	m, d := card(master), card(dup)
	if !strings.Contains(m, "Samengevoegde dubbels</dt><dd>") || !strings.Contains(m, dup) {
		t.Errorf("the master's card does not list its duplicate %s:\n%s", dup, m)
	}
	if !strings.Contains(m, "Volgers</dt><dd>2<") {
		t.Errorf("the master's card does not count its two followers:\n%s", m)
	}
	if !strings.Contains(d, "Dubbel van</dt><dd>"+master) {
		t.Errorf("the duplicate's card does not name its master %s:\n%s", master, d)
	}
	if strings.Contains(body, "een@example.be") {
		t.Error("a follower's address is on the page")
	}

	// Every event of a ticket is on its timeline.
	for _, ref := range fieldRefs(body) {
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.reference = $1`, ref).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(card(ref), `<li class="event `); got != n {
			t.Errorf("%s shows %d events of its %d", ref, got, n)
		}
	}

	t.Run("planned dates, internal notes and no reporters", func(t *testing.T) {
		var ref, planned, note, reporter string
		var lon, lat float64
		if err := s.pool.QueryRow(ctx, `
			SELECT t.reference, to_char(t.planned_for, 'DD/MM/YYYY'), n.body, t.reporter_email, ST_X(t.geom), ST_Y(t.geom)
			FROM ticket t JOIN ticket_event n ON n.ticket_id = t.id AND n.kind = 'internal_note' AND n.body <> ''
			WHERE t.planned_for IS NOT NULL AND t.reporter_email IS NOT NULL ORDER BY t.id LIMIT 1`).Scan(&ref, &planned, &note, &reporter, &lon, &lat); err != nil {
			t.Fatal(err)
		}
		body := b.getOK(fmt.Sprintf("/werk/terrein?lon=%f&lat=%f&radius=25&period=all", lon, lat))
		i := strings.Index(body, `id="t-`+ref+`"`)
		if i < 0 {
			t.Fatalf("the list lacks %s", ref)
		}
		c := html.UnescapeString(body[i:])
		if !strings.Contains(c, "Gepland op</dt><dd><strong>"+planned) {
			t.Errorf("%s's card lacks its planned date %s", ref, planned)
		}
		if !strings.Contains(c, note) || !strings.Contains(c, `<span class="tag">intern</span>`) {
			t.Errorf("%s's card lacks its internal note, marked as such", ref)
		}
		if strings.Contains(strings.ToLower(body), strings.ToLower(reporter)) {
			t.Errorf("the reporter's e-mail address %s is on the page", reporter)
		}
	})
}

func TestTheFieldSheetPrints(t *testing.T) {
	s := newSite(t)
	b := s.fieldBrowser("field@kortrijk.demo")
	screen := b.getOK("/werk/terrein?neighbourhood=34022WC&period=all")
	if !strings.Contains(screen, `href="/werk/terrein?neighbourhood=34022WC&amp;period=all&amp;print=1"`) {
		t.Error("the page does not link its printable sheet")
	}
	sheet := b.getOK("/werk/terrein?neighbourhood=34022WC&period=all&print=1")
	refs := fieldRefs(sheet)
	if len(refs) == 0 || !slices.Equal(refs, fieldRefs(screen)) {
		t.Fatalf("the sheet lists %d tickets, the screen %d", len(refs), len(fieldRefs(screen)))
	}
	if strings.Contains(sheet, `id="field-map"`) || strings.Contains(sheet, "<form method=\"get\"") {
		t.Error("the sheet carries the interactive map or the forms")
	}
	if got := strings.Count(sheet, `<details class="field-history" open>`); got != len(refs) {
		t.Errorf("the sheet opens %d histories of %d", got, len(refs))
	}
	// The overview numbers every listed ticket, open ones filled.
	if got := strings.Count(sheet, `<text class="ov-num"`); got != len(refs) {
		t.Errorf("the overview marks %d tickets of %d", got, len(refs))
	}
	open := strings.Count(sheet, `<li class="field-ticket is-open"`)
	if got := strings.Count(sheet, `<circle class="ov-ticket is-open"`); got != open {
		t.Errorf("the overview fills %d marks, the list has %d open tickets", got, open)
	}
	if !strings.Contains(sheet, `<svg class="overview" viewBox=`) || !strings.Contains(sheet, `class="ov-street"`) {
		t.Error("the sheet lacks the overview with street names")
	}
	// On screen the overview waits for paper.
	if !strings.Contains(screen, `class="field-overview print-only"`) {
		t.Error("the screen page lacks the overview for printing")
	}
}

func TestTheFieldPageRefusesBadInputWithAReason(t *testing.T) {
	s := newSite(t)
	b := s.fieldBrowser("field@kortrijk.demo")
	cases := []struct{ query, reason string }{
		{"lon=abc&lat=50.8", "De coördinaten kloppen niet"},
		{"lon=3.26", "De coördinaten kloppen niet"},
		{"lon=3.26&lat=95", "De coördinaten kloppen niet"},
		{"lon=NaN&lat=50.8", "De coördinaten kloppen niet"},
		{"lon=4.3517&lat=50.8503", "buiten de gemeente"},
		{"lon=50.8279&lat=3.2649", "Lon en lat lijken omgewisseld"},
		{"address=", "Vul een adres in"},
		{"address=" + strings.Repeat("x", 201), "Vul een adres in"},
		{"address=Zzxqjw+Vvbnk", `Geen plaats in de gemeente past bij "Zzxqjw Vvbnk"`},
		{"neighbourhood=nowhere", "Die wijk bestaat niet"},
		{"neighbourhood=34022WC&radius=5", "De straal moet tussen"},
		{"neighbourhood=34022WC&radius=far", "De straal moet tussen"},
		{"neighbourhood=34022WC&period=forever", "Die periode kennen we niet"},
		{"neighbourhood=34022WC&from=2026-13-01", "Een datum schrijft u als"},
		{"neighbourhood=34022WC&to=yesterday", "Een datum schrijft u als"},
		{"neighbourhood=34022WC&from=2026-05-01&to=2026-04-01", "De periode begint na haar einde"},
		{"neighbourhood=34022WC&category=nope", "Die soort melding bestaat niet"},
		{"neighbourhood=34022WC&status=maybe", "Kies open, afgehandeld of beide"},
	}
	for _, c := range cases {
		code, body := b.get("/werk/terrein?" + c.query)
		if code != http.StatusBadRequest {
			t.Errorf("%s answered %d, want 400", c.query, code)
			continue
		}
		if !strings.Contains(body, `role="alert"`) || !strings.Contains(html.UnescapeString(body), c.reason) {
			t.Errorf("%s does not say %q", c.query, c.reason)
		}
		if !strings.Contains(body, `id="field-address"`) || len(fieldRefs(body)) > 0 {
			t.Errorf("%s does not offer the place form again, or lists tickets", c.query)
		}
	}
	// The forms do not carry the bad value into the next try.
	if _, body := b.get("/werk/terrein?neighbourhood=34022WC&period=forever"); strings.Contains(body, `value="forever"`) {
		t.Error("the forms keep the bad period")
	}
	// In the crew member's language.
	if _, body := b.get("/werk/terrein?lang=fr&neighbourhood=nowhere"); !strings.Contains(body, "Ce quartier n&#39;existe pas") {
		t.Error("the reason is not in French")
	}
}
