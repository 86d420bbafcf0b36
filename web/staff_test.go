package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket/seed"
)

// signInStaff signs this browser in through the staff form and returns
// where it was sent.
func (b *browser) signInStaff(email, password string) string {
	b.s.t.Helper()
	code, loc, body := b.post("/werk/aanmelden", url.Values{"email": {email}, "password": {password}}, false)
	if code != http.StatusSeeOther {
		b.s.t.Fatalf("staff sign-in of %s answered %d: %s", email, code, body)
	}
	return loc
}

func TestEveryDemoLoginReachesItsRolesPage(t *testing.T) {
	s := newSite(t)
	home := map[string]string{"agent": "/werk/balie", "staff": "/werk/wachtrij", "field": "/werk/terrein", "manager": "/werk/dashboard", "admin": "/werk/balie"}
	_, page := s.browser().get("/")
	for _, l := range append(seed.DemoLogins, seed.DemoCitizen) {
		if !strings.Contains(page, l.Email) {
			t.Errorf("the home page does not list the demo login %s", l.Email)
		}
	}
	for _, l := range seed.DemoLogins {
		b := s.browser()
		if loc := b.signInStaff(l.Email, l.Password); loc != "/werk" {
			t.Fatalf("%s: sign-in sent to %q, want /werk", l.Email, loc)
		}
		code, _ := b.get("/werk")
		if code != http.StatusSeeOther {
			t.Fatalf("%s: /werk after sign-in = %d, want a redirect", l.Email, code)
		}
		req, _ := http.NewRequest("GET", s.url+"/werk", nil)
		res, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Location"); got != home[l.Role] {
			t.Errorf("%s (%s) is sent to %q, want %q", l.Email, l.Role, got, home[l.Role])
		}
	}
}

func TestStaffSignInRefusesWrongPasswordsAndCitizens(t *testing.T) {
	s := newSite(t)
	b := s.browser()
	code, _, body := b.post("/werk/aanmelden", url.Values{"email": {"agent@kortrijk.demo"}, "password": {"wrong"}}, false)
	if code != http.StatusUnauthorized || !strings.Contains(body, "klopt niet") {
		t.Errorf("wrong password = %d, want 401 with the reason in Dutch", code)
	}
	code, _, _ = b.post("/werk/aanmelden", url.Values{"email": {seed.DemoCitizen.Email}, "password": {seed.DemoCitizen.Password}}, false)
	if code != http.StatusUnauthorized {
		t.Errorf("a citizen at the staff sign-in = %d, want 401", code)
	}
	// A citizen signed in to the portal is no staff member.
	c := s.browser()
	if code, loc, _ := c.post("/mijn/aanmelden", url.Values{"email": {seed.DemoCitizen.Email}, "password": {seed.DemoCitizen.Password}}, false); code != http.StatusSeeOther || loc != "/mijn" {
		t.Fatalf("the demo citizen's sign-in = %d to %q", code, loc)
	}
	if code, _ := c.get("/werk"); code != http.StatusOK {
		t.Errorf("a citizen at /werk = %d, want the staff sign-in form", code)
	}
}
