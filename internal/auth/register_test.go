package auth

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestRegistrationRefusesWhatItCannotUse(t *testing.T) {
	_, ts := newSite(t)
	cases := []struct{ name, body string }{
		{"a short password", `{"email":"a@example.be","password":"short","name":"A"}`},
		{"an address without @", `{"email":"a.example.be","password":"lange-zin-123"}`},
		{"an address with a display name", `{"email":"A <a@example.be>","password":"lange-zin-123"}`},
		{"an unknown language", `{"email":"a@example.be","password":"lange-zin-123","language":"de"}`},
		{"an unknown municipality", `{"email":"a@example.be","password":"lange-zin-123","municipality_id":9}`},
		{"a malformed body", `{"email":`},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			if code, body := call(t, "POST", ts.URL+"/api/citizen/register", "", c.body); code != http.StatusBadRequest {
				t.Errorf("register = %d %s, want 400", code, body)
			}
		})
	}
}

func TestWithSeveralMunicipalitiesCitizensMustSayWhich(t *testing.T) {
	s, ts := newSite(t)
	ctx := context.Background()
	if _, err := s.pool.Exec(ctx, `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (2, '34013', 'Harelbeke', 'Harelbeke', 'Harelbeke', 'HB')`); err != nil {
		t.Fatal(err)
	}
	if code, _ := call(t, "POST", ts.URL+"/api/citizen/register", "", ciska); code != http.StatusBadRequest {
		t.Errorf("register without municipality_id = %d, want 400", code)
	}
	withID := strings.Replace(ciska, "{", `{"municipality_id":2,`, 1)
	if code, body := call(t, "POST", ts.URL+"/api/citizen/register", "", withID); code != http.StatusCreated {
		t.Fatalf("register in municipality 2 = %d %s", code, body)
	}
	var in int
	s.pool.QueryRow(ctx, `SELECT municipality_id FROM citizen`).Scan(&in)
	if in != 2 {
		t.Errorf("citizen registered in municipality %d, want 2", in)
	}
	login := `{"municipality_id":2,"email":"ciska@example.be","password":"lange-zin-123"}`
	if code, body := call(t, "POST", ts.URL+"/api/citizen/login", "", login); code != http.StatusOK {
		t.Errorf("login in municipality 2 = %d %s", code, body)
	}
}
