package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"loket/internal/httpx"
)

const ciska = `{"email":"ciska@example.be","password":"lange-zin-123","name":"Ciska","language":"fr"}`

// verifyToken returns the token of the only citizen.verify mail queued for email.
func verifyToken(t *testing.T, s *Store, email string) string {
	t.Helper()
	var token, link, town string
	err := s.pool.QueryRow(context.Background(), `
		SELECT payload->>'token', payload->>'url', payload->>'municipality' FROM outbox
		 WHERE topic = 'citizen.verify' AND recipient = $1`, email).Scan(&token, &link, &town)
	if err != nil {
		t.Fatalf("no single citizen.verify mail for %s: %v", email, err)
	}
	if token == "" || link != "/verify?token="+token || town != "Courtrai" {
		t.Errorf("mail payload: token %q, url %q, municipality %q", token, link, town)
	}
	return token
}

func citizenLogin(t *testing.T, base, email, password string) citizenLoginResponse {
	t.Helper()
	code, body := call(t, "POST", base+"/api/citizen/login", "", `{"email":"`+email+`","password":"`+password+`"}`)
	var out citizenLoginResponse
	if err := json.Unmarshal([]byte(body), &out); code != http.StatusOK || err != nil || out.Token == "" || out.CSRFToken == "" {
		t.Fatalf("citizen login = %d %s", code, body)
	}
	return out
}

func TestACitizenRegistersVerifiesAndSignsIn(t *testing.T) {
	s, ts := newSite(t)
	ctx := context.Background()
	code, body := call(t, "POST", ts.URL+"/api/citizen/register", "", ciska)
	if code != http.StatusCreated || strings.Contains(body, "password") || !strings.Contains(body, `"email_verified":false`) {
		t.Fatalf("register = %d %s", code, body)
	}
	token := verifyToken(t, s, "ciska@example.be")
	if code, body := call(t, "POST", ts.URL+"/api/citizen/verify", "", `{"token":"`+token+`"}`); code != http.StatusOK {
		t.Fatalf("verify = %d %s", code, body)
	}
	// A register entry linked to the account must never show on /api/me.
	if _, err := s.pool.Exec(ctx, `
		WITH r AS (INSERT INTO resident (municipality_id, national_number, first_name, last_name, birth_date)
		           VALUES (1, '85073003328', 'Ciska', 'Claes', '1985-07-30') RETURNING id)
		UPDATE citizen SET resident_id = (SELECT id FROM r)`); err != nil {
		t.Fatal(err)
	}
	in := citizenLogin(t, ts.URL, "Ciska@Example.be", "lange-zin-123")
	code, body = call(t, "GET", ts.URL+"/api/me", in.Token, "")
	var me map[string]any
	json.Unmarshal([]byte(body), &me)
	roles, _ := me["roles"].([]any)
	if code != http.StatusOK || len(roles) != 1 || roles[0] != RoleCitizen || me["email_verified"] != true ||
		me["language"] != "fr" || me["citizen_id"] == nil || me["staff_id"] != nil {
		t.Errorf("GET /api/me as citizen = %d %s", code, body)
	}
	if strings.Contains(body, "resident") || strings.Contains(body, "85073003328") {
		t.Errorf("/api/me shows the register link: %s", body)
	}
	if code, _ := call(t, "GET", ts.URL+"/agents-only", in.Token, ""); code != http.StatusForbidden {
		t.Errorf("citizen on an agents' page = %d, want 403", code)
	}
	if code, _ := call(t, "POST", ts.URL+"/api/logout", in.Token, ""); code != http.StatusOK {
		t.Fatalf("citizen logout = %d", code)
	}
	if code, _ := call(t, "GET", ts.URL+"/api/me", in.Token, ""); code != http.StatusUnauthorized {
		t.Errorf("GET /api/me after citizen logout = %d, want 401", code)
	}
}

func TestRegisteringATakenAddressRevealsNothingAndWritesNothing(t *testing.T) {
	s, ts := newSite(t)
	_, first := call(t, "POST", ts.URL+"/api/citizen/register", "", ciska)
	again := strings.Replace(strings.Replace(ciska, "ciska@", "CISKA@", 1), "lange-zin-123", "other-secret-456", 1)
	code, second := call(t, "POST", ts.URL+"/api/citizen/register", "", again)
	if code != http.StatusCreated || strings.ReplaceAll(second, "CISKA@", "ciska@") != first {
		t.Errorf("second registration = %d %s, first was %s", code, second, first)
	}
	var citizens, mails int
	s.pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM citizen), (SELECT count(*) FROM outbox)`).Scan(&citizens, &mails)
	if citizens != 1 || mails != 1 {
		t.Errorf("after a second registration: %d citizens, %d mails; want 1 and 1", citizens, mails)
	}
	citizenLogin(t, ts.URL, "ciska@example.be", "lange-zin-123")
	if code, _ := call(t, "POST", ts.URL+"/api/citizen/login", "", `{"email":"ciska@example.be","password":"other-secret-456"}`); code != http.StatusUnauthorized {
		t.Errorf("the second registration's password signs in: %d", code)
	}
}

func TestWrongPasswordAndUnknownCitizenGetTheSameAnswer(t *testing.T) {
	_, ts := newSite(t)
	call(t, "POST", ts.URL+"/api/citizen/register", "", ciska)
	var answers []string
	for _, in := range []string{
		`{"email":"ciska@example.be","password":"wrong-password"}`,
		`{"email":"nobody@example.be","password":"lange-zin-123"}`,
	} {
		code, body := call(t, "POST", ts.URL+"/api/citizen/login", "", in)
		var e httpx.ErrorBody
		if code != http.StatusUnauthorized || json.Unmarshal([]byte(body), &e) != nil {
			t.Fatalf("login %s = %d %s, want 401", in, code, body)
		}
		e.Error.RequestID = ""
		b, _ := json.Marshal(e)
		answers = append(answers, string(b))
	}
	if answers[0] != answers[1] {
		t.Errorf("answers differ and reveal which accounts exist: %q", answers)
	}
}

func TestVerificationLinksWorkOnceAndExpire(t *testing.T) {
	s, ts := newSite(t)
	ctx := context.Background()
	verify := func(token string) int {
		code, _ := call(t, "POST", ts.URL+"/api/citizen/verify", "", `{"token":"`+token+`"}`)
		return code
	}
	call(t, "POST", ts.URL+"/api/citizen/register", "", ciska)
	used := verifyToken(t, s, "ciska@example.be")
	if verify(used) != http.StatusOK || verify(used) != http.StatusBadRequest {
		t.Error("a verification link works twice or not at all")
	}
	call(t, "POST", ts.URL+"/api/citizen/register", "", strings.Replace(ciska, "ciska@", "late@", 1))
	late := verifyToken(t, s, "late@example.be")
	s.pool.Exec(ctx, `UPDATE citizen_email_token SET expires_at = now() - interval '1 minute'`)
	if code := verify(late); code != http.StatusBadRequest {
		t.Errorf("expired link = %d, want 400", code)
	}
	var verified bool
	s.pool.QueryRow(ctx, `SELECT email_verified_at IS NOT NULL FROM citizen WHERE email = 'late@example.be'`).Scan(&verified)
	if verified || verify("made-up") != http.StatusBadRequest {
		t.Error("an expired or made-up link verified an address")
	}
}
