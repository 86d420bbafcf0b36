package tiles_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"loket/internal/server"
	"loket/tiles"
)

func TestLowZoomAggregatesSumExactlyToTheTicketsInTheTile(t *testing.T) {
	s := newSite(t)
	var lon, lat float64
	if err := s.pool.QueryRow(context.Background(), `SELECT ST_X(geom), ST_Y(geom) FROM ticket WHERE geom IS NOT NULL
		GROUP BY geom ORDER BY count(*) DESC LIMIT 1`).Scan(&lon, &lat); err != nil {
		t.Fatal(err)
	}
	for z := 6; z <= 16; z++ {
		tl := tiles.At(lon, lat, z)
		bound := maptile.New(uint32(tl.X), uint32(tl.Y), maptile.Zoom(tl.Z)).Bound()
		for _, q := range []string{"", "status=open", "category=sluikstort,bladval", "from=2026-01-01&team=afval-netheid"} {
			l := s.layer(tilePath("tickets", tl, q), tl, "tickets")
			var sum float64
			points := false
			for _, f := range l.Features {
				if c, ok := f.Properties["count"].(float64); ok {
					sum += c
				} else if p := f.Geometry.(orb.Point); p[0] >= bound.Min[0] && p[0] < bound.Max[0] && p[1] > bound.Min[1] && p[1] <= bound.Max[1] {
					sum++ // a point is one ticket, if in the tile rather than its margin
					points = true
				}
			}
			// The tile's area, edges as the grid counts them: left and top
			// in, right and bottom out. Points are rounded to 1/4096 of the
			// tile, so those within a pixel of an edge may fall either way.
			cond := map[string]string{"": "true", "status=open": "t.status IN ('new','triaged','assigned','in_progress','waiting')",
				"category=sluikstort,bladval":        "c.code IN ('sluikstort','bladval')",
				"from=2026-01-01&team=afval-netheid": "t.created_at >= '2026-01-01' AND tm.code = 'afval-netheid'"}[q]
			// Points show a ticket at its reporter's home at the centre of
			// its level-2 cell: count those where the public map puts them.
			at := "t.geom_3857"
			if points {
				at = `CASE WHEN t.address_id = (SELECT r.address_id FROM resident r WHERE r.municipality_id = t.municipality_id AND r.id = t.reporter_resident_id)
					THEN (SELECT ST_Point(-20037508.342789244 + ((k.cx >> 2) + 0.5) * 152.8740565703525,
					                      20037508.342789244 - ((k.cy >> 2) + 0.5) * 152.8740565703525, 3857) FROM loket_cell(t.geom_3857) k)
					ELSE t.geom_3857 END`
			}
			inTile := func(px float64) int {
				var n int
				err := s.pool.QueryRow(context.Background(), `
					SELECT count(*) FROM ticket t JOIN category c ON c.id = t.category_id LEFT JOIN team tm ON tm.id = t.team_id,
					     LATERAL (SELECT `+at+` AS p) shown,
					     ST_TileEnvelope($1, $2, $3) e, (SELECT $4 * (ST_XMax(ST_TileEnvelope($1, $2, $3)) - ST_XMin(ST_TileEnvelope($1, $2, $3))) / 4096 AS m) d
					WHERE t.geom_3857 && ST_Expand(e, 250) AND ST_X(shown.p) >= ST_XMin(e) - d.m AND ST_X(shown.p) < ST_XMax(e) + d.m
					  AND ST_Y(shown.p) > ST_YMin(e) - d.m AND ST_Y(shown.p) <= ST_YMax(e) + d.m AND `+cond, tl.Z, tl.X, tl.Y, px).Scan(&n)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			want := inTile(0)
			lo, hi := want, want
			if points {
				lo, hi = inTile(-1), inTile(1)
			}
			if int(sum) < lo || int(sum) > hi || want == 0 {
				t.Errorf("z%d %q: the tile shows %v tickets, it holds %d (%d to %d counting a pixel at the edges)", z, q, sum, want, lo, hi)
			}
			if len(l.Features) > 64*64 {
				t.Errorf("z%d: %d cells, more than the 64×64 grid", z, len(l.Features))
			}
		}
	}
}

func TestEveryZoomStaysUnderTheSizeCap(t *testing.T) {
	s := newSite(t)
	var lon, lat float64
	// The densest street of the city.
	if err := s.pool.QueryRow(context.Background(), `SELECT ST_X(geom), ST_Y(geom) FROM ticket WHERE geom IS NOT NULL
		GROUP BY geom ORDER BY count(*) DESC LIMIT 1`).Scan(&lon, &lat); err != nil {
		t.Fatal(err)
	}
	for z := 0; z <= tiles.MaxZoom; z++ {
		code, raw, h := s.rawGzip(tilePath("tickets", tiles.At(lon, lat, z), ""))
		if code != 200 || h.Get("Content-Encoding") != "gzip" {
			t.Fatalf("z%d: %d %s", z, code, h.Get("Content-Encoding"))
		}
		if len(raw) > 500<<10 {
			t.Errorf("z%d: %d bytes gzipped, over 500 KB", z, len(raw))
		}
	}
}

// rawGzip fetches as a browser does, keeping the compressed body.
func (s *site) rawGzip(path string) (int, []byte, http.Header) {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var b []byte
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b = append(b, buf[:n]...)
		if err != nil {
			break
		}
	}
	return res.StatusCode, b, res.Header
}

func TestBadTileRequestsGetAClearAnswer(t *testing.T) {
	s := newSite(t)
	for path, want := range map[string]int{
		"/tiles/tickets/23/0/0.mvt":                400,
		"/tiles/tickets/-1/0/0.mvt":                400,
		"/tiles/tickets/3/8/0.mvt":                 400,
		"/tiles/tickets/3/0/-1.mvt":                400,
		"/tiles/tickets/a/0/0.mvt":                 400,
		"/tiles/tickets/3/0/zero.mvt":              400,
		"/tiles/tickets/3/0/0.png":                 404,
		"/tiles/tickets/3/0/0":                     404,
		"/tiles/roads/3/0/0.mvt":                   404,
		"/tiles/tickets/3/0/0.mvt?colour=red":      400,
		"/tiles/tickets/3/0/0.mvt?status=half":     400,
		"/tiles/tickets/3/0/0.mvt?from=yesterday":  400,
		"/tiles/neighbourhoods/3/0/0.mvt?status=1": 400,
		"/tiles/roads.json":                        404,
		"/tiles/tickets_staff/3/0/0.mvt":           401,
	} {
		code, b, _ := s.fetch(path, nil)
		var e struct{ Error struct{ Message string } }
		if code != want || json.Unmarshal(b, &e) != nil || e.Error.Message == "" {
			t.Errorf("%s: %d %s, want %d with a message", path, code, b, want)
		}
	}
}

func TestTilesRevalidateAndTheStaffLayerIsForStaff(t *testing.T) {
	s := newSite(t)
	var lon, lat float64
	if err := s.pool.QueryRow(context.Background(), `SELECT ST_X(geom), ST_Y(geom) FROM ticket WHERE geom IS NOT NULL ORDER BY id LIMIT 1`).Scan(&lon, &lat); err != nil {
		t.Fatal(err)
	}
	tl := tiles.At(lon, lat, 16)
	code, _, h := s.fetch(tilePath("tickets", tl, ""), nil)
	etag := h.Get("ETag")
	if code != 200 || etag == "" || !strings.Contains(h.Get("Cache-Control"), "public") || h.Get("Content-Type") != "application/vnd.mapbox-vector-tile" {
		t.Fatalf("first fetch: %d %v", code, h)
	}
	if code, _, _ := s.fetch(tilePath("tickets", tl, ""), map[string]string{"If-None-Match": etag}); code != 304 {
		t.Errorf("revalidation: %d, want 304", code)
	}
	public := s.layer(tilePath("tickets", tl, ""), tl, "tickets")
	if len(public.Features) == 0 {
		t.Fatal("no tickets in the tile")
	}
	for _, f := range public.Features {
		for k := range f.Properties {
			if !strings.Contains(" reference category status age ", " "+k+" ") {
				t.Errorf("the public layer carries %q", k)
			}
		}
	}
	agent := s.agent()
	code, b, h := s.fetch(tilePath("tickets_staff", tl, ""), map[string]string{"Authorization": "Bearer " + agent})
	if code != 200 || !strings.Contains(h.Get("Cache-Control"), "private") || !strings.Contains(string(b), "team") {
		t.Errorf("staff layer: %d %v", code, h)
	}
	for _, path := range []string{"/tiles/tickets.json", "/tiles/neighbourhoods.json", "/tiles/style.json"} {
		code, b, _ := s.fetch(path, nil)
		var doc map[string]any
		if code != 200 || json.Unmarshal(b, &doc) != nil {
			t.Errorf("%s: %d", path, code)
			continue
		}
		if strings.HasSuffix(path, "style.json") {
			if doc["version"] != float64(8) || len(doc["layers"].([]any)) < 4 {
				t.Errorf("style: %v", doc)
			}
		} else if doc["tilejson"] != "3.0.0" || !strings.Contains(string(b), "{z}/{x}/{y}.mvt") {
			t.Errorf("%s: %s", path, b)
		}
	}
	nb := s.layer(tilePath("neighbourhoods", tiles.At(lon, lat, 12), ""), tiles.At(lon, lat, 12), "neighbourhoods")
	if len(nb.Features) == 0 || nb.Features[0].Properties["open_per_1000"] == nil {
		t.Errorf("neighbourhoods layer: %d features", len(nb.Features))
	}
}

func TestFoldingThePendingDeltasChangesNoTile(t *testing.T) {
	s := newSite(t)
	agent := s.agent()
	var lon, lat float64
	if err := s.pool.QueryRow(context.Background(), `SELECT ST_X(geom), ST_Y(geom) FROM address ORDER BY id LIMIT 1 OFFSET 333`).Scan(&lon, &lat); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if code, out := s.post("/api/tickets", agent, map[string]any{"category": "zwerfvuil", "description": "Blikjes",
			"where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}); code != 201 {
			t.Fatalf("create: %d %v", code, out)
		}
	}
	tl := tiles.At(lon, lat, 11)
	sum := func() (n float64) {
		_, b, _ := s.fetch(tilePath("tickets", tl, "category=zwerfvuil"), map[string]string{"Cache-Control": "no-cache"})
		ls, err := mvt.Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			for _, f := range l.Features {
				n += f.Properties["count"].(float64)
			}
		}
		return n
	}
	before := sum()
	folded, err := tiles.New(s.pool).Compact(context.Background())
	if err != nil || folded < 3 {
		t.Fatalf("folded %d deltas: %v", folded, err)
	}
	if n := count(t, s, `SELECT count(*) FROM ticket_map_delta`); n != 0 {
		t.Errorf("%d deltas left after folding", n)
	}
	// A fresh server (empty cache) reads the folded pyramid.
	fresh := httptest.NewServer(server.New(s.pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil))
	defer fresh.Close()
	s.url = fresh.URL
	if after := sum(); after != before {
		t.Errorf("the tile counted %v before folding and %v after", before, after)
	}
}

func count(t *testing.T, s *site, sql string) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTheCellTotalsKeptByFoldingEqualTheTotalsCountedWhole(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	agent := s.agent()
	var lon, lat float64
	if err := s.pool.QueryRow(ctx, `SELECT ST_X(geom), ST_Y(geom) FROM address ORDER BY id LIMIT 1 OFFSET 777`).Scan(&lon, &lat); err != nil {
		t.Fatal(err)
	}
	for _, category := range []string{"zwerfvuil", "bladval", "bladval"} {
		if code, out := s.post("/api/tickets", agent, map[string]any{"category": category, "description": "Op de stoep",
			"where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}); code != 201 {
			t.Fatalf("create: %d %v", code, out)
		}
	}
	// Changes the triggers turn into deltas: statuses, categories, moves.
	for _, sql := range []string{
		`UPDATE ticket SET status = 'resolved', resolved_at = now() WHERE id % 97 = 1 AND status = 'new'`,
		`UPDATE ticket SET category_id = (SELECT id FROM category WHERE code = 'bladval') WHERE id % 89 = 2`,
		`UPDATE ticket SET geom = ST_Translate(geom, 0.01, 0.004) WHERE id % 83 = 3 AND geom IS NOT NULL`,
		// Enough to take a fold more than one call.
		`UPDATE ticket SET category_id = (SELECT id FROM category WHERE code = 'zwerfvuil') WHERE id % 11 = 4`,
	} {
		if _, err := s.pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	calls := 0
	for n := int64(-1); n != 0; calls++ {
		var err error
		if n, err = tiles.New(s.pool).Compact(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if calls < 3 {
		t.Errorf("the deltas took %d calls to fold, want them to need several", calls)
	}
	// The totals with the counts of their tops, and the counts per
	// category the tops are chosen from.
	const totals = `SELECT level, cx, cy, tickets, open, coalesce(top_category_id, 0), top_tickets,
			coalesce(top_open_category_id, 0), top_open_tickets
		FROM ticket_cell_total WHERE tickets > 0 ORDER BY 1, 2, 3`
	const categories = `SELECT level, cx, cy, category_id, tickets, open, 0, 0, 0
		FROM ticket_cell_category WHERE tickets <> 0 OR open <> 0 ORDER BY 1, 2, 3, 4`
	read := func(sql string) [][9]int {
		rows, err := s.pool.Query(ctx, sql)
		if err != nil {
			t.Fatal(err)
		}
		var out [][9]int
		var r [9]int
		_, err = pgx.ForEachRow(rows, []any{&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7], &r[8]}, func() error {
			out = append(out, r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	kept, keptCategories := read(totals), read(categories)
	if _, err := s.pool.Exec(ctx, `SELECT loket_count_map(id) FROM municipality`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what        string
		kept, whole [][9]int
	}{
		{"cell (level, cx, cy, tickets, open, top, its count, top open, its count)", kept, read(totals)},
		{"category count (level, cx, cy, category, tickets, open)", keptCategories, read(categories)},
	} {
		if len(c.kept) != len(c.whole) {
			t.Fatalf("%d rows kept, %d counted whole: %s", len(c.kept), len(c.whole), c.what)
		}
		for i := range c.kept {
			if c.kept[i] != c.whole[i] {
				t.Errorf("%s kept as %v, counted whole as %v", c.what, c.kept[i], c.whole[i])
			}
		}
	}
	if n := count(t, s, `SELECT count(DISTINCT level) FROM ticket_cell_total`); n != 9 {
		t.Errorf("totals at %d levels, want 9", n)
	}
}

func TestTheHotspotsLayerShowsTheStoredHotspotMap(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var lon, lat float64
	if err := s.pool.QueryRow(ctx, `SELECT ST_X(geom), ST_Y(geom) FROM address ORDER BY id LIMIT 1 OFFSET 100`).Scan(&lon, &lat); err != nil {
		t.Fatal(err)
	}
	// Two hexagons of 250 m at the address: one hot at 99 %, one neither.
	_, err := s.pool.Exec(ctx, `
		INSERT INTO hotspot_hexagon (municipality_id, i, j, geom, tickets, z, p, bin, pattern, period_from, period_to)
		SELECT (SELECT id FROM municipality), h.i, h.j, h.geom, 40 - 30 * row_number() OVER (ORDER BY h.i, h.j)::int + 30,
		       CASE WHEN row_number() OVER (ORDER BY h.i, h.j) = 1 THEN 4.2 ELSE 0.3 END,
		       CASE WHEN row_number() OVER (ORDER BY h.i, h.j) = 1 THEN 0.00003 ELSE 0.76 END,
		       CASE WHEN row_number() OVER (ORDER BY h.i, h.j) = 1 THEN 3 ELSE 0 END, 'new hot spot', '2026-09-01', '2026-11-30'
		FROM ST_HexagonGrid(250, ST_Expand(ST_Transform(ST_Point($1, $2, 4326), 3857), 200)) h
		ORDER BY h.i, h.j LIMIT 2`, lon, lat)
	if err != nil {
		t.Fatal(err)
	}
	tl := tiles.At(lon, lat, 14)
	l := s.layer(tilePath("hotspots", tl, ""), tl, "hotspots")
	if l == nil || len(l.Features) != 2 {
		t.Fatalf("hotspots layer: %v, want the 2 hexagons", l)
	}
	bins := map[float64]float64{}
	for _, f := range l.Features {
		if _, ok := f.Geometry.(orb.Polygon); !ok {
			t.Errorf("a hexagon is a %T", f.Geometry)
		}
		bins[f.Properties["bin"].(float64)] = f.Properties["tickets"].(float64)
	}
	if bins[3] != 40 || bins[0] != 10 {
		t.Errorf("bins → tickets %v, want 3 → 40 and 0 → 10", bins)
	}
	if code, _, _ := s.fetch(tilePath("hotspots", tl, "status=open"), nil); code != 400 {
		t.Errorf("a filter on the hotspots layer: %d, want 400", code)
	}
}
