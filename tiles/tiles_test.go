package tiles_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"loket/geo"
	"loket/internal/server"
	"loket/internal/testdb"
	"loket/seed"
	"loket/tiles"
)

type site struct {
	t    *testing.T
	pool *pgxpool.Pool
	url  string
}

func newSite(t *testing.T) *site {
	t.Helper()
	pool := testdb.NewWith(t, "tiles", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 5, Until: time.Now().AddDate(0, 0, -1), Years: 1, Tickets: 20000}); err != nil {
			return err
		}
		return geo.RefreshStreets(ctx, pool)
	})
	ts := httptest.NewServer(server.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil))
	t.Cleanup(ts.Close)
	return &site{t: t, pool: pool, url: ts.URL}
}

// fetch gets a path with headers; the body comes back decompressed.
func (s *site) fetch(path string, headers map[string]string) (int, []byte, http.Header) {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	req.Header.Set("Accept-Encoding", "identity")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			s.t.Fatal(err)
		}
		b, _ = io.ReadAll(zr)
	}
	return res.StatusCode, b, res.Header
}

// layer decodes a tile's layer, projected to WGS84.
func (s *site) layer(path string, t tiles.Tile, name string) *mvt.Layer {
	s.t.Helper()
	code, b, _ := s.fetch(path, nil)
	if code != 200 {
		s.t.Fatalf("%s: %d %s", path, code, b)
	}
	ls, err := mvt.Unmarshal(b)
	if err != nil {
		s.t.Fatalf("%s is not a vector tile: %v", path, err)
	}
	ls.ProjectToWGS84(maptile.New(uint32(t.X), uint32(t.Y), maptile.Zoom(t.Z)))
	for _, l := range ls {
		if l.Name == name {
			return l
		}
	}
	return &mvt.Layer{Name: name}
}

func tilePath(layer string, t tiles.Tile, query string) string {
	p := fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", layer, t.Z, t.X, t.Y)
	if query != "" {
		p += "?" + query
	}
	return p
}

func (s *site) agent() string {
	s.t.Helper()
	var out struct{ Token string }
	res, err := http.Post(s.url+"/api/login", "application/json", strings.NewReader(`{"email":"agent@kortrijk.demo","password":"demo"}`))
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	_ = json.NewDecoder(res.Body).Decode(&out)
	return out.Token
}

func (s *site) post(path, token string, body any) (int, map[string]any) {
	s.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", s.url+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func hasReference(l *mvt.Layer, ref string) (orb.Point, bool) {
	for _, f := range l.Features {
		if f.Properties["reference"] == ref {
			p, _ := f.Geometry.(orb.Point)
			return p, true
		}
	}
	return orb.Point{}, false
}

func TestANewTicketIsOnTheMapAtOnceAndLeavesTheOpenFilterWhenClosed(t *testing.T) {
	s := newSite(t)
	agent := s.agent()
	var lon, lat float64
	if err := s.pool.QueryRow(context.Background(), `SELECT ST_X(geom), ST_Y(geom) FROM address ORDER BY id LIMIT 1 OFFSET 900`).Scan(&lon, &lat); err != nil {
		t.Fatal(err)
	}
	z16 := tiles.At(lon, lat, 16)
	z12 := tiles.At(lon, lat, 12)
	count := func(l *mvt.Layer) (n float64) {
		for _, f := range l.Features {
			if c, ok := f.Properties["count"].(float64); ok {
				n += c
			} else {
				n++ // a point is one ticket
			}
		}
		return n
	}
	// Warm the cache first, so the test sees invalidation, not a first build.
	s.layer(tilePath("tickets", z16, "status=open"), z16, "tickets")
	before := count(s.layer(tilePath("tickets", z12, ""), z12, "tickets"))
	code, tk := s.post("/api/tickets", agent, map[string]any{"category": "sluikstort", "description": "Op de kaart",
		"where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}})
	if code != 201 {
		t.Fatalf("create: %d %v", code, tk)
	}
	ref := tk["reference"].(string)
	p, ok := hasReference(s.layer(tilePath("tickets", z16, "status=open"), z16, "tickets"), ref)
	if !ok {
		t.Fatalf("%s is not in tile %s right after creation", ref, z16)
	}
	if d := geoDistance(p, orb.Point{lon, lat}); d > 5 {
		t.Errorf("the point is %.1f m from the ticket", d)
	}
	if after := count(s.layer(tilePath("tickets", z12, ""), z12, "tickets")); after != before+1 {
		t.Errorf("the z12 aggregate went from %v to %v, want one more", before, after)
	}
	for _, step := range []map[string]any{{"team": "afval-netheid"}, {"status": "in_progress"}, {"status": "resolved"}} {
		path := "/api/tickets/" + ref + "/status"
		if _, ok := step["team"]; ok {
			path = "/api/tickets/" + ref + "/assign"
		}
		if code, out := s.post(path, agent, step); code != 200 {
			t.Fatalf("%v: %d %v", step, code, out)
		}
	}
	if _, ok := hasReference(s.layer(tilePath("tickets", z16, "status=open"), z16, "tickets"), ref); ok {
		t.Errorf("%s is still among the open tickets after it was resolved", ref)
	}
	if _, ok := hasReference(s.layer(tilePath("tickets", z16, "status=closed"), z16, "tickets"), ref); !ok {
		t.Errorf("%s is missing among the closed tickets", ref)
	}
}

func geoDistance(a, b orb.Point) float64 {
	dx := (a[0] - b[0]) * 111320 * 0.63
	dy := (a[1] - b[1]) * 110540
	return math.Hypot(dx, dy)
}

func TestThePublicMapRoundsTicketsAtTheirReportersHome(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	agent := s.agent()
	// A resident at one address, who also has an account.
	var residentID, addressID int64
	var lon, lat float64
	if err := s.pool.QueryRow(ctx, `SELECT r.id, a.id, ST_X(a.geom), ST_Y(a.geom) FROM resident r
		JOIN address a ON a.municipality_id = r.municipality_id AND a.id = r.address_id ORDER BY r.id LIMIT 1 OFFSET 250`).
		Scan(&residentID, &addressID, &lon, &lat); err != nil {
		t.Fatal(err)
	}
	var citizenID int64
	if err := s.pool.QueryRow(ctx, `INSERT INTO citizen (municipality_id, email, name, resident_id, password_hash)
		VALUES (1, 'thuis@example.invalid', 'Thuis', $1, 'x') RETURNING id`, residentID).Scan(&citizenID); err != nil {
		t.Fatal(err)
	}
	// Three tickets at that address: reported by the resident, by the
	// citizen's account, and by someone else.
	refs := map[string]string{}
	for _, who := range []string{"resident", "citizen", "other"} {
		code, tk := s.post("/api/tickets", agent, map[string]any{"category": "sluikstort", "description": "Aan de deur",
			"where": map[string]any{"address_id": addressID}, "reporter": map[string]any{"name": "Iemand", "email": who + "@example.invalid"}})
		if code != 201 {
			t.Fatalf("create: %d %v", code, tk)
		}
		refs[who] = tk["reference"].(string)
	}
	for sql, arg := range map[string]any{
		`UPDATE ticket SET reporter_resident_id = $1 WHERE reference = '` + refs["resident"] + `'`: residentID,
		`UPDATE ticket SET reporter_citizen_id = $1 WHERE reference = '` + refs["citizen"] + `'`:   citizenID,
	} {
		if _, err := s.pool.Exec(ctx, sql, arg); err != nil {
			t.Fatal(err)
		}
	}
	z17 := tiles.At(lon, lat, 17)
	public := s.layer(tilePath("tickets", z17, ""), z17, "tickets")
	for who, ref := range refs {
		p, ok := hasReference(public, ref)
		if !ok {
			t.Fatalf("%s's ticket %s is not on the public map", who, ref)
		}
		d := geoDistance(p, orb.Point{lon, lat})
		if home := who != "other"; home && d < 1 {
			t.Errorf("the ticket %s at the %s's home is shown at the address (%.1f m)", ref, who, d)
		} else if !home && d > 5 {
			t.Errorf("the ticket %s of someone living elsewhere is %.1f m from its address", ref, d)
		}
	}
}
