package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"loket/geo"
	"loket/internal/auth"
	"loket/seed"
	"loket/ticketing"
)

// caller is a resident of the seeded register with a name no one else
// has, an address and an e-mail address.
type caller struct {
	id        int64
	name      string // last name and first name, as the desk lists them
	address   string // as the register writes it
	addressID int64
	email     string
}

func (s *site) caller(skip int) caller {
	s.t.Helper()
	var c caller
	err := s.pool.QueryRow(context.Background(), `
		SELECT r.id, r.last_name || ' ' || r.first_name,
		       a.street_nl || ' ' || a.house_number || CASE WHEN a.box <> '' THEN ' bus ' || a.box ELSE '' END || ', ' || a.postcode,
		       a.id, r.email
		FROM resident r JOIN address a ON a.municipality_id = r.municipality_id AND a.id = r.address_id
		WHERE r.email IS NOT NULL
		  AND NOT EXISTS (SELECT FROM resident o WHERE o.municipality_id = r.municipality_id
		                  AND o.last_name = r.last_name AND o.first_name = r.first_name AND o.id <> r.id)
		ORDER BY r.id OFFSET $1 LIMIT 1`, skip).Scan(&c.id, &c.name, &c.address, &c.addressID, &c.email)
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// plant files an open ticket of category at an address, as the city's
// agent would, and returns its reference.
func (s *site) plant(category string, addressID int64) string {
	s.t.Helper()
	ctx := context.Background()
	p := auth.Principal{Roles: []string{auth.RoleAgent}}
	if err := s.pool.QueryRow(ctx, `SELECT municipality_id, id, name FROM staff WHERE email = $1`, "agent@kortrijk.demo").
		Scan(&p.MunicipalityID, &p.StaffID, &p.Name); err != nil {
		s.t.Fatal(err)
	}
	t, err := ticketing.New(s.pool, nil).Create(ctx, &p, ticketing.NewTicket{Category: category,
		Description: "Blikjes en papier langs de stoep", Where: geo.Where{AddressID: addressID}})
	if err != nil {
		s.t.Fatal(err)
	}
	return t.Reference
}

// agentAtDesk is a browser signed in as the demo agent.
func (s *site) agentAtDesk() *browser {
	b := s.browser()
	b.signInStaff("agent@kortrijk.demo", "demo")
	return b
}

// send posts form to the desk with the CSRF field.
func (b *browser) send(path string, form url.Values) (int, string, string, http.Header) {
	return b.postForm(path, form, true)
}

// open gets path and returns the status, body and headers.
func (b *browser) open(path string) (int, string, http.Header) {
	b.s.t.Helper()
	res, err := b.c.Get(b.s.url + path)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

func TestTheDeskIsForAgentsOnly(t *testing.T) {
	s := newSite(t)
	c := s.caller(0)
	ref := s.plant("zwerfvuil", c.addressID)

	visitor := s.browser()
	if code, loc, _, _ := visitor.send("/werk/balie", url.Values{"do": {"search"}, "name": {c.name}}); code != http.StatusSeeOther || loc != "/werk" {
		t.Errorf("a visitor's search = %d to %q, want a redirect to /werk", code, loc)
	}
	for _, path := range []string{"/werk/balie", "/werk/balie/gemeld/" + ref} {
		res, err := visitor.c.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/werk" {
			t.Errorf("a visitor at %s = %d to %q, want a redirect to /werk", path, res.StatusCode, res.Header.Get("Location"))
		}
	}

	// Staff without the agent role: a 403 page, and no register data.
	other := s.browser()
	other.signInStaff("staff@kortrijk.demo", "demo")
	if code, body, _ := other.open("/werk/balie"); code != http.StatusForbidden || !strings.Contains(body, "niet voor uw rol") {
		t.Errorf("staff at the desk = %d, want 403 with the reason", code)
	}
	code, _, body, _ := other.send("/werk/balie/bellers", url.Values{"name": {c.name}})
	if code != http.StatusForbidden || strings.Contains(body, c.address) {
		t.Errorf("staff searching the register through the desk = %d (address shown: %v), want 403 and nothing", code, strings.Contains(body, c.address))
	}
	if code, body, _ := other.open("/werk/balie/gemeld/" + ref); code != http.StatusForbidden || strings.Contains(body, "Blikjes en papier") {
		t.Errorf("staff at the reference page = %d, want 403", code)
	}

	// A citizen is no staff member: sent to the staff sign-in.
	citizen := s.browser()
	if code, loc, _ := citizen.post("/mijn/aanmelden", url.Values{"email": {seed.DemoCitizen.Email}, "password": {seed.DemoCitizen.Password}}, false); code != http.StatusSeeOther || loc != "/mijn" {
		t.Fatalf("the demo citizen's sign-in = %d to %q", code, loc)
	}
	res, err := citizen.c.Get(s.url + "/werk/balie")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/werk" {
		t.Errorf("a citizen at the desk = %d to %q, want a redirect to /werk", res.StatusCode, res.Header.Get("Location"))
	}

	// The agent and the admin (who holds every role) get the form, never
	// kept by the browser.
	for _, email := range []string{"agent@kortrijk.demo", "admin@kortrijk.demo"} {
		b := s.browser()
		b.signInStaff(email, "demo")
		code, body, h := b.open("/werk/balie")
		if code != http.StatusOK || !strings.Contains(body, `name="csrf_token"`) || !strings.Contains(body, `id="desk-form"`) {
			t.Errorf("%s at the desk = %d, want the form with its CSRF field", email, code)
		}
		if h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: the desk's Cache-Control = %q, want no-store", email, h.Get("Cache-Control"))
		}
		if !strings.Contains(body, `aria-current="page"`) || !strings.Contains(body, `href="/werk/balie"`) {
			t.Errorf("%s: the menu does not mark the desk as the current page", email)
		}
	}
}

func TestTheDeskFindsACallerByNameAndAuditsTheSearch(t *testing.T) {
	s := newSite(t)
	c := s.caller(1)
	b := s.agentAtDesk()
	before := s.count(`SELECT count(*) FROM audit_log WHERE action = 'resident.lookup'`)

	// Either order of the names, any case.
	parts := strings.SplitN(c.name, " ", 2)
	code, _, body, h := b.send("/werk/balie", url.Values{"do": {"search"}, "name": {strings.ToUpper(parts[1] + " " + parts[0])}})
	if code != http.StatusOK {
		t.Fatalf("the search answered %d", code)
	}
	radio := `value="` + strconv.FormatInt(c.id, 10) + `"`
	for _, want := range []string{radio, c.name, c.address, c.email} {
		if !strings.Contains(body, want) {
			t.Errorf("the search results lack %q", want)
		}
	}
	if h.Get("Cache-Control") != "no-store" {
		t.Errorf("register data answered with Cache-Control %q, want no-store", h.Get("Cache-Control"))
	}
	if got := s.count(`SELECT count(*) FROM audit_log a JOIN staff st ON st.municipality_id = a.municipality_id AND st.id = a.actor_staff_id
		WHERE a.action = 'resident.lookup' AND st.email = 'agent@kortrijk.demo' AND a.reason <> ''`); got != before+1 {
		t.Errorf("%d audited look-ups by the agent, want %d", got, before+1)
	}

	// The script's partial answer is the same list, without the page.
	code, _, part, h := b.send("/werk/balie/bellers", url.Values{"name": {c.name}})
	if code != http.StatusOK || !strings.Contains(part, radio) || strings.Contains(part, "<html") {
		t.Errorf("the partial search = %d, want the list alone with the caller", code)
	}
	if h.Get("Cache-Control") != "no-store" {
		t.Errorf("the partial search's Cache-Control = %q, want no-store", h.Get("Cache-Control"))
	}

	// Picking the caller keeps them, read again (and audited) from the
	// register, and fills in their address as the default place.
	code, _, body, _ = b.send("/werk/balie", url.Values{"do": {"categories"}, "resident": {strconv.FormatInt(c.id, 10)}})
	if code != http.StatusOK || !strings.Contains(body, radio+` checked`) || !strings.Contains(body, `data-address="`+c.address+`"`) {
		t.Errorf("the picked caller = %d, want them checked with their address", code)
	}
	if s.count(`SELECT count(*) FROM audit_log WHERE action = 'resident.read' AND data->'returned' @> to_jsonb(ARRAY[$1::bigint])`, c.id) == 0 {
		t.Error("reading the picked caller again left no line in the audit log")
	}

	// Nobody by that name, and a name too short to search.
	if code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"search"}, "name": {"Xqzwv Kkjjhh"}}); code != http.StatusOK || !strings.Contains(body, "Niemand gevonden") {
		t.Errorf("a name nobody has = %d, want 200 saying nobody was found", code)
	}
	if code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"search"}, "name": {"x"}}); code != http.StatusBadRequest || !strings.Contains(body, "naam van 2 tot 100 tekens") {
		t.Errorf("a one-letter name = %d, want 400 with the reason", code)
	}
	if code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"search"}, "name": {c.name}, "birth_year": {"12"}}); code != http.StatusBadRequest || !strings.Contains(body, "geboortejaar") {
		t.Errorf("birth year 12 = %d, want 400 with the reason", code)
	}
}

func TestTheDeskFindsCategoriesByDutchAndFrenchWords(t *testing.T) {
	s := newSite(t)
	b := s.agentAtDesk()
	options := func(q string) []string {
		t.Helper()
		code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"categories"}, "category_q": {q}})
		if code != http.StatusOK {
			t.Fatalf("searching categories for %q answered %d", q, code)
		}
		var codes []string
		for _, m := range regexp.MustCompile(`<option value="([a-z0-9-]+)"`).FindAllStringSubmatch(body, -1) {
			codes = append(codes, m[1])
		}
		return codes
	}
	all := options("")
	if len(all) < 20 {
		t.Fatalf("the desk lists %d categories, want them all", len(all))
	}
	for q, want := range map[string]string{"zwerfvuil": "zwerfvuil", "lampadaire": "openbare-verlichting",
		"Éclairage": "openbare-verlichting", "nid de poule": "putten-verzakkingen", "straatlamp": "openbare-verlichting"} {
		got := options(q)
		if len(got) == 0 || len(got) > 3 || !contains(got, want) {
			t.Errorf("searching %q lists %v, want a short list with %s", q, got, want)
		}
	}
	if got := options("xyzzy"); len(got) != len(all) {
		t.Errorf("a search matching nothing lists %d categories, want all %d", len(got), len(all))
	}
	// The category chosen stays in the list whatever the words.
	code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"categories"}, "category_q": {"lampadaire"}, "category": {"zwerfvuil"}})
	if code != http.StatusOK || !strings.Contains(body, `<option value="zwerfvuil" data-words=`) || !strings.Contains(body, `<option value="openbare-verlichting"`) ||
		strings.Count(body, "<option value=\"") > 4 || !strings.Contains(body, `id="category-none" class="note" role="status" hidden`) {
		t.Errorf("searching lampadaire with zwerfvuil chosen = %d, want both in a short list", code)
	}
	if !regexp.MustCompile(`<option value="zwerfvuil" data-words="[^"]*" selected>`).MatchString(body) {
		t.Error("the chosen category is no longer selected")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestTheDeskCheckListsAPlantedDuplicate(t *testing.T) {
	s := newSite(t)
	c := s.caller(2)
	ref := s.plant("zwerfvuil", c.addressID)
	b := s.agentAtDesk()
	form := url.Values{"resident": {strconv.FormatInt(c.id, 10)}, "category": {"zwerfvuil"}, "description": {"Overal blikjes"}}

	// The caller's home is the default place; without script the check
	// is a step of its own that keeps the form filled in.
	form.Set("do", "check")
	code, _, body, _ := b.send("/werk/balie", form)
	if code != http.StatusOK {
		t.Fatalf("the check answered %d", code)
	}
	if !strings.Contains(body, `data-ref="`+ref+`"`) || !strings.Contains(body, `value="attach:`+ref+`"`) {
		t.Errorf("the check does not list the planted ticket %s with a way to attach the call", ref)
	}
	if !strings.Contains(body, `value="`+c.address+`"`) || !strings.Contains(body, ">Overal blikjes</textarea>") {
		t.Error("the check step lost what the form held")
	}

	// The same by the address in words, through the script's partial route,
	// with the points the map draws.
	code, _, part, _ := b.send("/werk/balie/controle", url.Values{"category": {"zwerfvuil"}, "address": {c.address}})
	if code != http.StatusOK || !strings.Contains(part, `data-ref="`+ref+`"`) || !regexp.MustCompile(`data-ref="`+ref+`" data-lon="[0-9.]+" data-lat="[0-9.]+"`).MatchString(part) {
		t.Errorf("the partial check = %d, want the planted ticket with its point:\n%s", code, part)
	}

	// Another category far from it has no such candidate.
	code, _, part, _ = b.send("/werk/balie/controle", url.Values{"category": {"water-in-kelder"}, "address": {c.address}})
	if code != http.StatusOK || strings.Contains(part, ref) {
		t.Errorf("a check for another category lists %s", ref)
	}
	// An unfinished draft is answered with what it still needs.
	if code, _, part, _ = b.send("/werk/balie/controle", url.Values{"address": {c.address}}); code != http.StatusOK || !strings.Contains(part, "Kies een soort") {
		t.Errorf("a check without a category = %d, want 200 saying what is missing", code)
	}
}

func TestTheDeskSavesAPhoneTicketForTheCaller(t *testing.T) {
	s := newSite(t)
	c := s.caller(3)
	b := s.agentAtDesk()
	code, loc, body, _ := b.send("/werk/balie", url.Values{"do": {"save"}, "resident": {strconv.FormatInt(c.id, 10)},
		"category": {"sluikstort"}, "description": {"Zakken afval naast de glasbol"}, "email": {c.email}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/werk/balie/gemeld/") {
		t.Fatalf("saving answered %d to %q: %s", code, loc, body)
	}
	ref := strings.TrimPrefix(loc, "/werk/balie/gemeld/")
	var channel, category, description string
	var reporter, address *int64
	if err := s.pool.QueryRow(context.Background(), `
		SELECT t.channel, c.code, t.description, t.reporter_resident_id, t.address_id FROM ticket t
		JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id WHERE t.reference = $1`, ref).
		Scan(&channel, &category, &description, &reporter, &address); err != nil {
		t.Fatal(err)
	}
	if channel != "phone" || category != "sluikstort" || description != "Zakken afval naast de glasbol" {
		t.Errorf("saved %s: channel %s, category %s, description %q", ref, channel, category, description)
	}
	if reporter == nil || *reporter != c.id || address == nil || *address != c.addressID {
		t.Errorf("saved %s: reporter %v at address %v, want resident %d at their home %d", ref, reporter, address, c.id, c.addressID)
	}
	if s.count(`SELECT count(*) FROM ticket_follower f JOIN ticket t ON t.municipality_id = f.municipality_id AND t.id = f.ticket_id
		WHERE t.reference = $1 AND f.email = $2`, ref, c.email) != 1 {
		t.Error("the caller does not follow their new ticket")
	}

	// The reference, to read back, and the way to the next call.
	code, page, h := b.open(loc)
	if code != http.StatusOK || !strings.Contains(page, `id="reference"`) || !strings.Contains(page, ">"+ref+"<") || !strings.Contains(page, `href="/werk/balie"`) {
		t.Errorf("the reference page = %d, want %s shown and a link to the next call", code, ref)
	}
	if h.Get("Cache-Control") != "no-store" {
		t.Errorf("the reference page's Cache-Control = %q, want no-store", h.Get("Cache-Control"))
	}
	if code, _, _ := b.open("/werk/balie/gemeld/1777-1999-999999"); code != http.StatusNotFound {
		t.Errorf("an unknown reference = %d, want 404", code)
	}
}

func TestTheDeskAttachesACallToATicketThereIs(t *testing.T) {
	s := newSite(t)
	c := s.caller(4)
	ref := s.plant("zwerfvuil", c.addressID)
	b := s.agentAtDesk()
	tickets := s.count(`SELECT count(*) FROM ticket`)
	code, loc, body, _ := b.send("/werk/balie", url.Values{"do": {"attach:" + ref}, "resident": {strconv.FormatInt(c.id, 10)},
		"category": {"zwerfvuil"}, "description": {"Nu ook glas"}, "email": {c.email}})
	if code != http.StatusSeeOther || loc != "/werk/balie/gekoppeld/"+ref {
		t.Fatalf("attaching answered %d to %q: %s", code, loc, body)
	}
	if got := s.count(`SELECT count(*) FROM ticket`); got != tickets {
		t.Errorf("attaching made %d new tickets, want none", got-tickets)
	}
	if s.count(`SELECT count(*) FROM ticket_follower f JOIN ticket t ON t.municipality_id = f.municipality_id AND t.id = f.ticket_id
		WHERE t.reference = $1 AND f.email = $2`, ref, c.email) != 1 {
		t.Error("the caller does not follow the ticket they were attached to")
	}
	var body2 string
	var resident int64
	if err := s.pool.QueryRow(context.Background(), `
		SELECT e.body, (e.data->>'resident_id')::bigint FROM ticket_event e
		JOIN ticket t ON t.municipality_id = e.municipality_id AND t.id = e.ticket_id
		WHERE t.reference = $1 AND e.kind = 'internal_note' AND e.visibility = 'internal' AND (e.data->>'extra_reporter')::bool`, ref).
		Scan(&body2, &resident); err != nil {
		t.Fatalf("no timeline line for the extra reporter: %v", err)
	}
	if resident != c.id || !strings.Contains(body2, "telefoon") || !strings.Contains(body2, "Nu ook glas") {
		t.Errorf("the timeline line says %q for resident %d", body2, resident)
	}
	code, page, _ := b.open(loc)
	if code != http.StatusOK || !strings.Contains(page, ">"+ref+"<") || !strings.Contains(page, "Oproep gekoppeld") {
		t.Errorf("the page after attaching = %d, want %s to read back", code, ref)
	}

	// A ticket that has ended takes no more callers; an unknown one is said so.
	if _, err := s.pool.Exec(context.Background(), `UPDATE ticket SET status = 'closed', resolved_at = now(), closed_at = now() WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	if code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"attach:" + ref}, "resident": {strconv.FormatInt(c.id, 10)}}); code != http.StatusConflict || !strings.Contains(body, "al afgehandeld") {
		t.Errorf("attaching to a closed ticket = %d, want 409 with the reason", code)
	}
	if code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"attach:1777-1999-999999"}, "resident": {strconv.FormatInt(c.id, 10)}}); code != http.StatusBadRequest || !strings.Contains(body, "bestaat niet") {
		t.Errorf("attaching to an unknown ticket = %d, want 400 with the reason", code)
	}
	if code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"attach:" + ref}}); code != http.StatusBadRequest || !strings.Contains(body, "Kies eerst de beller") {
		t.Errorf("attaching nobody = %d, want 400 with the reason", code)
	}
}

func TestTheDeskRefusesBadInputWithTheReason(t *testing.T) {
	s := newSite(t)
	c := s.caller(5)
	b := s.agentAtDesk()
	tickets := s.count(`SELECT count(*) FROM ticket`)
	resident := strconv.FormatInt(c.id, 10)
	for _, tc := range []struct {
		name   string
		form   url.Values
		reason string
	}{
		{"empty description", url.Values{"resident": {resident}, "category": {"zwerfvuil"}, "description": {"  "}}, "Beschrijf het probleem"},
		{"unknown category", url.Values{"resident": {resident}, "category": {"geen-soort"}, "description": {"Iets"}}, "Deze soort melding bestaat niet"},
		{"no category", url.Values{"resident": {resident}, "description": {"Iets"}}, "Kies een soort melding"},
		{"no place", url.Values{"category": {"zwerfvuil"}, "description": {"Iets"}}, "Zeg waar het probleem is"},
		{"an address nowhere", url.Values{"category": {"zwerfvuil"}, "description": {"Iets"}, "address": {"Xqxqxqx 7"}}, "vinden we niet"},
		{"a point off the map", url.Values{"category": {"zwerfvuil"}, "description": {"Iets"}, "lon": {"abc"}, "lat": {"50.8"}}, "punt op de kaart is ongeldig"},
		{"a point abroad", url.Values{"category": {"zwerfvuil"}, "description": {"Iets"}, "lon": {"4.35"}, "lat": {"50.85"}}, "buiten de gemeente"},
		{"a resident that is no number", url.Values{"resident": {"abc"}, "category": {"zwerfvuil"}, "description": {"Iets"}}, "niet in het register"},
		{"a resident not in the register", url.Values{"resident": {"999999999"}, "category": {"zwerfvuil"}, "description": {"Iets"}}, "niet in het register"},
	} {
		tc.form.Set("do", "save")
		code, _, body, _ := b.send("/werk/balie", tc.form)
		if code != http.StatusBadRequest || !strings.Contains(body, tc.reason) || !strings.Contains(body, `role="alert"`) {
			t.Errorf("%s: saving answered %d, want 400 saying %q", tc.name, code, tc.reason)
		}
		if !strings.Contains(body, `id="desk-form"`) {
			t.Errorf("%s: the refusal does not show the form again", tc.name)
		}
	}
	if code, _, body, _ := b.send("/werk/balie", url.Values{"do": {"launch"}}); code != http.StatusBadRequest || !strings.Contains(body, "Deze stap bestaat niet") {
		t.Errorf("an unknown step = %d, want 400 with the reason", code)
	}
	if code, _, _, _ := b.send("/werk/balie", url.Values{"do": {"check"}, "description": {"Iets"}}); code != http.StatusBadRequest {
		t.Errorf("checking without a category = %d, want 400", code)
	}
	// Without the CSRF field a form is refused, as every changing form is.
	if code, _, _ := b.post("/werk/balie", url.Values{"do": {"save"}, "resident": {resident}, "category": {"zwerfvuil"}, "description": {"Iets"}}, false); code != http.StatusForbidden {
		t.Errorf("a form without its CSRF field = %d, want 403", code)
	}
	if got := s.count(`SELECT count(*) FROM ticket`); got != tickets {
		t.Errorf("refused input saved %d tickets", got-tickets)
	}
}

func TestTheDeskSpeaksFrench(t *testing.T) {
	s := newSite(t)
	b := s.agentAtDesk()
	code, body, _ := b.open("/werk/balie?lang=fr")
	if code != http.StatusOK || !strings.Contains(body, `<html lang="fr">`) || !strings.Contains(body, "Qui appelle ?") {
		t.Errorf("the desk in French = %d, want the form in French", code)
	}
	code, _, body, _ = b.send("/werk/balie", url.Values{"do": {"save"}, "category": {"zwerfvuil"}, "description": {"x"}})
	if code != http.StatusBadRequest || !strings.Contains(body, "Dites où est le problème") {
		t.Errorf("a refusal in French = %d, want the reason in French", code)
	}
}
