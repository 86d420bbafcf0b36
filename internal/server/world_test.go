package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/bcrypt"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/server"
	"loket/internal/testdb"
	"loket/seed"
)

// The callers every route is tried as. "citizen" is the demo citizen,
// "citizen2" a second verified citizen linked to another resident.
var callers = []string{"anonymous", "citizen", "citizen2", "client", "agent", "staff", "field", "manager", "admin"}

// internalNote is planted as an internal note on the tickets the tests use;
// no answer to a citizen, a client or a visitor may contain it.
const internalNote = "INTERN-geheim-4711"

// person is someone planted in the register with distinctive data, so an
// answer that shows any of it is caught.
type person struct {
	first, last  string
	birth        time.Time
	national     string // national number, 11 digits
	registerMail string // the register's e-mail address
	registerTel  string
	email        string // the account's or the reporter's e-mail address
	phone        string // the reporter's phone
}

func (p person) name() string { return p.first + " " + p.last }

// The planted people: the demo citizen, the second citizen, and a third
// resident without an account who reported a ticket by phone.
var (
	owner = person{first: "Ysolde", last: "Achtergael-Eerst", birth: date(1911, 3, 5), national: "11030599731",
		registerMail: "ysolde.register@example.be", registerTel: "056 11 11 11", email: seed.DemoCitizen.Email}
	second = person{first: "Wivina", last: "Achtergael-Tweede", birth: date(1912, 6, 7), national: "12060799842",
		registerMail: "wivina.register@example.be", registerTel: "056 22 22 22", email: "wivina.tweede@example.be"}
	third = person{first: "Hieronymus", last: "Achtergael-Derde", birth: date(1913, 9, 10), national: "13091099953",
		registerMail: "hieronymus.register@example.be", registerTel: "056 33 33 33", email: "hieronymus.derde@example.be",
		phone: "0470 47 11 47"}
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// registerTraces are the ways a register entry could show up in an answer.
func (p person) registerTraces() []string {
	d := p.birth
	n := p.national
	return []string{
		d.Format("2006-01-02"), d.Format("02/01/2006"), d.Format("02.01.2006"), d.Format("02-01-2006"),
		n, n[:2] + "." + n[2:4] + "." + n[4:6] + "-" + n[6:9] + "." + n[9:],
		p.registerMail, p.registerTel,
	}
}

// world is the real server over a seeded demo city with the planted people
// and tickets, and a signed-in session for every caller.
type world struct {
	t    *testing.T
	pool *pgxpool.Pool
	srv  *server.Server
	url  string
	// ownRef is a ticket of the demo citizen, otherRef one of the second
	// citizen, thirdRef the third person's; each carries internalNote.
	ownRef, otherRef, thirdRef string
	tile                       string // z/x/y of a street-level tile holding ownRef
	sessions                   map[string]session
	clientToken                string
}

// session is a caller's sign-in: the token and, for people, the CSRF token.
type session struct{ token, csrf string }

// demoCity is a fresh copy of the seeded demo city: 1,500 tickets over a
// year, Kortrijk's streets and register, the demo logins.
func demoCity(t *testing.T) *pgxpool.Pool {
	t.Helper()
	return testdb.NewWith(t, "access", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 7, Until: time.Now().AddDate(0, 0, -1), Years: 1, Tickets: 1500}); err != nil {
			return err
		}
		return geo.RefreshStreets(ctx, pool)
	})
}

// serve starts the real server over pool; the rate limits come from the
// environment as in production (tests set them with t.Setenv first).
func serve(t *testing.T, pool *pgxpool.Pool) (*server.Server, string) {
	t.Helper()
	srv := server.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, pool: demoCity(t), sessions: map[string]session{}}
	w.plant()
	w.srv, w.url = serve(t, w.pool)
	for _, role := range []string{"agent", "staff", "field", "manager", "admin", "citizen", "citizen2"} {
		w.sessions[role] = w.signIn(role)
	}
	token, _, err := auth.NewStore(w.pool).CreateClient(context.Background(), 1, "meldingen-app")
	if err != nil {
		t.Fatal(err)
	}
	w.clientToken = token
	return w
}

// plant gives the demo citizen's resident, a second resident (who gets an
// account) and a third (who reported by phone) distinctive register data,
// and an internal note on a ticket of each.
func (w *world) plant() {
	t := w.t
	ctx := context.Background()
	var ownerResident, secondResident, thirdResident int64
	err := w.pool.QueryRow(ctx, `SELECT resident_id FROM citizen WHERE email = $1`, owner.email).Scan(&ownerResident)
	if err != nil {
		t.Fatalf("the demo citizen: %v", err)
	}
	// A ticket of each of the three, open and placed if there is one, so
	// comments and tiles work.
	pick := func(cond string, args ...any) (int64, string) {
		var resident int64
		var ref string
		err := w.pool.QueryRow(ctx, `SELECT reporter_resident_id, reference FROM ticket
			WHERE reporter_resident_id IS NOT NULL AND `+cond+`
			ORDER BY status NOT IN ('closed', 'rejected', 'duplicate') DESC, geom IS NOT NULL DESC, id DESC LIMIT 1`,
			args...).Scan(&resident, &ref)
		if err != nil {
			t.Fatalf("no open ticket where %s: %v", cond, err)
		}
		return resident, ref
	}
	_, w.ownRef = pick(`reporter_resident_id = $1`, ownerResident)
	secondResident, w.otherRef = pick(`reporter_resident_id <> $1`, ownerResident)
	thirdResident, w.thirdRef = pick(`reporter_resident_id NOT IN ($1, $2)`, ownerResident, secondResident)

	for _, r := range []struct {
		id int64
		p  person
	}{{ownerResident, owner}, {secondResident, second}, {thirdResident, third}} {
		w.exec(`UPDATE resident SET first_name = $2, last_name = $3, birth_date = $4, national_number = $5, email = $6, phone = $7
			WHERE id = $1`, r.id, r.p.first, r.p.last, r.p.birth, r.p.national, r.p.registerMail, r.p.registerTel)
	}
	w.exec(`UPDATE citizen SET name = $2 WHERE email = $1`, owner.email, owner.name())
	hash, err := bcrypt.GenerateFromPassword([]byte("a-long-password"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	w.exec(`INSERT INTO citizen (municipality_id, email, email_verified_at, name, language, resident_id, password_hash)
		VALUES (1, $1, now(), $2, 'nl', $3, $4)`, second.email, second.name(), secondResident, string(hash))
	w.exec(`UPDATE ticket SET reporter_name = $2, reporter_email = $3, reporter_phone = $4 WHERE reference = $1`,
		w.thirdRef, third.name(), third.email, third.phone)
	for _, ref := range []string{w.ownRef, w.otherRef, w.thirdRef} {
		w.exec(`INSERT INTO ticket_event (municipality_id, ticket_id, kind, visibility, author_label, body)
			SELECT municipality_id, id, 'internal_note', 'internal', 'agent', $2 FROM ticket WHERE reference = $1`,
			ref, internalNote+" de buurman van "+third.name())
	}
	var lon, lat float64
	if err := w.pool.QueryRow(ctx, `SELECT ST_X(p), ST_Y(p) FROM (SELECT coalesce(geom, ST_MakePoint(3.2649, 50.8279)) p
		FROM ticket WHERE reference = $1) t`, w.ownRef).Scan(&lon, &lat); err != nil {
		t.Fatal(err)
	}
	w.tile = tileOf(15, lon, lat)
}

// tileOf is the z/x/y of the web-mercator tile holding lon, lat.
func tileOf(z int, lon, lat float64) string {
	n := math.Exp2(float64(z))
	x := int((lon + 180) / 360 * n)
	rad := lat * math.Pi / 180
	y := int((1 - math.Log(math.Tan(rad)+1/math.Cos(rad))/math.Pi) / 2 * n)
	return strconv.Itoa(z) + "/" + strconv.Itoa(x) + "/" + strconv.Itoa(y)
}

func (w *world) exec(sql string, args ...any) {
	w.t.Helper()
	if _, err := w.pool.Exec(context.Background(), sql, args...); err != nil {
		w.t.Fatalf("%s: %v", sql, err)
	}
}

// signIn opens a new session for role through the sign-in API.
func (w *world) signIn(role string) session {
	w.t.Helper()
	path, body := "/api/login", `{"email": "`+role+`@kortrijk.demo", "password": "demo"}`
	switch role {
	case "citizen":
		path, body = "/api/citizen/login", `{"email": "`+owner.email+`", "password": "`+seed.DemoCitizen.Password+`"}`
	case "citizen2":
		path, body = "/api/citizen/login", `{"email": "`+second.email+`", "password": "a-long-password"}`
	}
	res, err := http.Post(w.url+path, "application/json", strings.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Token     string `json:"token"`
		CSRFToken string `json:"csrf_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK || out.Token == "" {
		w.t.Fatalf("sign-in of %s: %d %v", role, res.StatusCode, err)
	}
	return session{token: out.Token, csrf: out.CSRFToken}
}

// answer is what came back for a request.
type answer struct {
	status int
	header http.Header
	body   string
}

// request is one call as a caller: people send their session cookie and,
// unless withoutCSRF, the CSRF header; the client its bearer token.
type request struct {
	method, path string
	contentType  string
	body         string
	as           string
	session      session // for people; empty for the anonymous and the client
	withoutCSRF  bool
	header       map[string]string
}

// noRedirects lets tests see where an answer sends the caller.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (w *world) do(rq request) answer {
	w.t.Helper()
	req, err := http.NewRequest(rq.method, w.url+rq.path, strings.NewReader(rq.body))
	if err != nil {
		w.t.Fatal(err)
	}
	if rq.contentType != "" {
		req.Header.Set("Content-Type", rq.contentType)
	}
	switch {
	case rq.as == "client":
		req.Header.Set("Authorization", "Bearer "+w.clientToken)
	case rq.session.token != "":
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: rq.session.token})
		if !rq.withoutCSRF {
			req.Header.Set(auth.CSRFHeader, rq.session.csrf)
		}
	}
	for k, v := range rq.header {
		req.Header.Set(k, v)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		w.t.Fatalf("%s %s: %v", rq.method, rq.path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		w.t.Fatalf("%s %s: %v", rq.method, rq.path, err)
	}
	return answer{status: res.StatusCode, header: res.Header, body: string(body)}
}

// signedIn reports whether token still opens a session.
func (w *world) signedIn(s session) bool {
	w.t.Helper()
	return w.do(request{method: "GET", path: "/api/me", session: s}).status == http.StatusOK
}

// fingerprint sums up every table's rows, so a request that changed
// anything changes it: the row count and the newest row version (xmin)
// of each table.
func (w *world) fingerprint() string {
	w.t.Helper()
	ctx := context.Background()
	rows, err := w.pool.Query(ctx, `SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
	if err != nil {
		w.t.Fatal(err)
	}
	var parts []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			w.t.Fatal(err)
		}
		parts = append(parts, `SELECT '`+name+`:' || count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM `+name)
	}
	if rows.Err() != nil {
		w.t.Fatal(rows.Err())
	}
	var fp string
	if err := w.pool.QueryRow(ctx, `SELECT string_agg(x, ' ' ORDER BY x) FROM (`+strings.Join(parts, " UNION ALL ")+`) t(x)`).Scan(&fp); err != nil {
		w.t.Fatal(err)
	}
	return fp
}
