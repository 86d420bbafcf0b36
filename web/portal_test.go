package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestThePortalSpeaksDutchFrenchAndEnglish(t *testing.T) {
	s := newSite(t)
	cases := []struct {
		name, query, acceptLanguage, lang, title string
	}{
		{"Dutch when nothing is asked", "", "", "nl", "Mijn gemeente"},
		{"the browser's French", "", "fr-BE,fr;q=0.9,en;q=0.5", "fr", "Ma commune"},
		{"the browser's best supported language", "", "de-DE,en;q=0.8", "en", "My municipality"},
		{"Dutch for a language we do not speak", "", "de-DE", "nl", "Mijn gemeente"},
		{"the switcher's choice over the browser's", "?lang=en", "fr", "en", "My municipality"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := s.browser().get("/mijn"+c.query, "Accept-Language", c.acceptLanguage)
			if code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			if !strings.Contains(body, `<html lang="`+c.lang+`">`) || !strings.Contains(body, c.title) {
				t.Errorf("want a %s page titled %q, got:\n%s", c.lang, c.title, body)
			}
			if !strings.Contains(body, `hreflang="`+c.lang+`" lang="`+c.lang+`" aria-current="true"`) {
				t.Errorf("the switcher does not mark %s as current", c.lang)
			}
		})
	}

	t.Run("the switcher's choice is remembered", func(t *testing.T) {
		b := s.browser()
		b.get("/mijn?lang=fr")
		if _, body := b.get("/mijn", "Accept-Language", "en"); !strings.Contains(body, `<html lang="fr">`) {
			t.Error("the next page forgot the choice of French")
		}
	})
}

func TestTheSignInFormIsLabelledAndSaysWhyItRefuses(t *testing.T) {
	s := newSite(t)
	b := s.browser()
	_, body := b.get("/mijn?lang=en")
	for _, want := range []string{`<a class="skip" href="#content">`, `<main id="content"`, `<label for="email">`, `<label for="password">`} {
		if !strings.Contains(body, want) {
			t.Errorf("sign-in page lacks %s", want)
		}
	}
	code, _, body := b.post("/mijn/aanmelden?lang=en", url.Values{"email": {"nobody@example.be"}, "password": {"wrong-password"}}, false)
	if code != http.StatusUnauthorized || !strings.Contains(body, "The e-mail address or the password is wrong.") {
		t.Errorf("a wrong password answered %d:\n%s", code, body)
	}
	if code, _, _ := b.post("/mijn/aanmelden", url.Values{"email": {""}}, false); code != http.StatusBadRequest {
		t.Errorf("an empty form answered %d, want 400", code)
	}
}

var referencePattern = regexp.MustCompile(`/mijn/meldingen/([0-9]+-[0-9]+-[0-9]+)"`)

func TestACitizenSeesOnlyTheirOwnTicketsAndNoInternalNotes(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	// A seeded ticket whose reporter left an e-mail address, with both a
	// public reply and an internal note on its timeline.
	var email, ref, note, reply string
	err := s.pool.QueryRow(ctx, `
		SELECT lower(t.reporter_email), t.reference, n.body, p.body
		FROM ticket t
		JOIN ticket_event n ON n.municipality_id = t.municipality_id AND n.ticket_id = t.id AND n.kind = 'internal_note' AND n.body <> ''
		JOIN ticket_event p ON p.municipality_id = t.municipality_id AND p.ticket_id = t.id AND p.kind = 'public_reply' AND p.body <> ''
		WHERE t.reporter_email IS NOT NULL AND t.assignee_id IS NOT NULL
		ORDER BY t.id LIMIT 1`).Scan(&email, &ref, &note, &reply)
	if err != nil {
		t.Fatalf("the seed has no ticket to follow: %v", err)
	}
	var mine int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM ticket t WHERE lower(t.reporter_email) = $1
		OR EXISTS (SELECT FROM ticket_follower f WHERE f.ticket_id = t.id AND lower(f.email) = $1)`, email).Scan(&mine); err != nil {
		t.Fatal(err)
	}
	var handler, team string
	if err := s.pool.QueryRow(ctx, `SELECT s.name, tm.name_nl FROM ticket t JOIN staff s ON s.id = t.assignee_id
		JOIN team tm ON tm.id = t.team_id WHERE t.reference = $1`, ref).Scan(&handler, &team); err != nil {
		t.Fatal(err)
	}

	owner := s.browser()
	owner.signInAs(email)
	_, list := owner.get("/mijn")
	refs := referencePattern.FindAllStringSubmatch(list, -1)
	if len(refs) != mine {
		t.Errorf("the list shows %d tickets, the citizen has %d", len(refs), mine)
	}
	if !strings.Contains(list, "/mijn/meldingen/"+ref+`"`) {
		t.Fatalf("the list lacks %s", ref)
	}

	code, detail := owner.get("/mijn/meldingen/" + ref)
	if code != http.StatusOK {
		t.Fatalf("detail answered %d", code)
	}
	page := html.UnescapeString(detail)
	for _, want := range []string{reply, handler, team} {
		if !strings.Contains(page, want) {
			t.Errorf("the detail page lacks %q", want)
		}
	}
	if strings.Contains(page, note) {
		t.Errorf("the detail page shows the internal note %q", note)
	}

	stranger := s.browser()
	stranger.signInAs("stranger@example.be")
	if _, list := stranger.get("/mijn"); strings.Contains(list, ref) {
		t.Error("another citizen's list shows the ticket")
	}
	if code, _ := stranger.get("/mijn/meldingen/" + ref); code != http.StatusNotFound {
		t.Errorf("another citizen's detail answered %d, want 404", code)
	}
}

func TestACitizenFilesARequestAndComments(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var category, street, number string
	if err := s.pool.QueryRow(ctx, `SELECT code FROM category WHERE active AND parent_id IS NOT NULL ORDER BY code LIMIT 1`).Scan(&category); err != nil {
		t.Fatal(err)
	}
	if err := s.pool.QueryRow(ctx, `SELECT street_nl, house_number FROM address WHERE box = '' ORDER BY id LIMIT 1`).Scan(&street, &number); err != nil {
		t.Fatal(err)
	}
	b := s.browser()
	b.signInAs("filer@example.be")
	if code, body := b.get("/mijn/nieuw"); code != http.StatusOK || !strings.Contains(body, `value="`+category+`"`) {
		t.Fatalf("the new-request form answered %d or lacks category %s", code, category)
	}

	form := url.Values{"category": {category}, "description": {"Een put in het voetpad"}, "address": {street + " " + number}}
	if code, _, _ := b.post("/mijn/nieuw", form, false); code != http.StatusForbidden {
		t.Errorf("a form without the CSRF header answered %d, want 403", code)
	}
	code, loc, body := b.post("/mijn/nieuw", form, true)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/mijn/meldingen/") {
		t.Fatalf("filing answered %d to %q:\n%s", code, loc, body)
	}
	if _, detail := b.get(loc); !strings.Contains(detail, "Een put in het voetpad") {
		t.Error("the new ticket's page lacks its description")
	}

	code, back, _ := b.post(loc+"/reacties", url.Values{"body": {"Het wordt gevaarlijk"}}, true)
	if code != http.StatusSeeOther || !strings.HasPrefix(back, loc) {
		t.Fatalf("commenting answered %d to %q", code, back)
	}
	if _, detail := b.get(loc); !strings.Contains(detail, "Het wordt gevaarlijk") {
		t.Error("the comment is not on the timeline")
	}

	t.Run("an address the city does not know is refused with the form kept", func(t *testing.T) {
		form.Set("address", "Zzxqjw Vvbnk")
		code, _, body := b.post("/mijn/nieuw", form, true)
		if code != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "Een put in het voetpad") {
			t.Errorf("answered %d:\n%s", code, body)
		}
	})
	t.Run("a pin on the map places the request without an address", func(t *testing.T) {
		var lon, lat float64
		if err := s.pool.QueryRow(ctx, `SELECT ST_X(geom), ST_Y(geom) FROM address ORDER BY id LIMIT 1`).Scan(&lon, &lat); err != nil {
			t.Fatal(err)
		}
		pinned := url.Values{"category": {category}, "description": {"Een losse stoeptegel"}, "address": {""},
			"lon": {fmt.Sprint(lon)}, "lat": {fmt.Sprint(lat)}}
		code, loc, body := b.post("/mijn/nieuw", pinned, true)
		if code != http.StatusSeeOther {
			t.Fatalf("a pinned request answered %d:\n%s", code, body)
		}
		ref := strings.TrimPrefix(loc, "/mijn/meldingen/")
		if n := s.count(`SELECT count(*) FROM ticket WHERE reference = $1 AND geocode_quality = 'point'
			AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 1)`, ref, lon, lat); n != 1 {
			t.Errorf("the pinned ticket %s is not at the pin", ref)
		}
		pinned.Set("lon", "oost")
		if code, _, body := b.post("/mijn/nieuw", pinned, true); code != http.StatusBadRequest || !strings.Contains(body, "kaart") {
			t.Errorf("an unreadable pin answered %d, want 400 with the reason", code)
		}
		pinned.Set("lon", "0.1")
		pinned.Set("lat", "0.1")
		if code, _, _ := b.post("/mijn/nieuw", pinned, true); code != http.StatusBadRequest {
			t.Errorf("a pin outside the municipality answered %d, want 400", code)
		}
	})
	t.Run("an empty comment is refused", func(t *testing.T) {
		if code, _, _ := b.post(loc+"/reacties", url.Values{"body": {"  "}}, true); code != http.StatusBadRequest {
			t.Errorf("answered %d, want 400", code)
		}
	})
}

func TestAVisitorIsSentToSignIn(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/mijn/nieuw", "/mijn/meldingen/1777-2026-000001"} {
		code, _ := s.browser().get(path)
		if code != http.StatusSeeOther {
			t.Errorf("%s answered %d, want a redirect to sign in", path, code)
		}
	}
}
