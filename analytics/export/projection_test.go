package export_test

import (
	"context"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"loket/analytics/export"
	"loket/internal/auth"
	"loket/seed"
)

// names lists a schema's column names in order.
func names(s *arrow.Schema) []string {
	var out []string
	for _, f := range s.Fields() {
		out = append(out, f.Name)
	}
	return out
}

// tuples renders each row of the named columns of tbl, sorted.
func tuples(t *testing.T, tbl arrow.Table, cols ...string) []string {
	t.Helper()
	rows := make([]string, tbl.NumRows())
	for _, c := range cols {
		a := column(t, tbl, c)
		for i := range rows {
			rows[i] += "|" + a.ValueStr(i)
		}
		a.Release()
	}
	slices.Sort(rows)
	return rows
}

func TestAProjectionGivesExactlyTheColumnsAskedForInBothFormats(t *testing.T) {
	s := newSite(t)
	ask := []string{export.ColCreatedAt, export.ColCategory, export.ColNeighbourhood}
	want, err := export.Request{Columns: ask}.Schema()
	if err != nil {
		t.Fatal(err)
	}
	full := s.arrowTable("", "")
	stream := s.arrowTable("columns="+strings.Join(ask, ","), "")
	file, meta := s.parquetTable("columns="+strings.Join(ask, ","), "")
	if !stream.Schema().Equal(want) || !slices.Equal(names(want), ask) {
		t.Errorf("arrow schema\n%s\nwant\n%s", stream.Schema(), want)
	}
	if !sameColumns(file.Schema(), want) {
		t.Errorf("parquet schema\n%s\nwant\n%s", file.Schema(), want)
	}
	if _, ok := meta["geo"]; ok {
		t.Errorf("GeoParquet metadata names a geometry column the file does not have: %s", meta["geo"])
	}
	n := s.count(`SELECT count(*) FROM ticket`)
	if stream.NumRows() != int64(n) || file.NumRows() != int64(n) {
		t.Fatalf("%d rows in the stream, %d in the file, want %d", stream.NumRows(), file.NumRows(), n)
	}
	all := tuples(t, full, ask...)
	if !slices.Equal(tuples(t, stream, ask...), all) || !slices.Equal(tuples(t, file, ask...), all) {
		t.Error("the projection's values are not those of the full export")
	}

	// In the order asked, a place alone still rounded at a home.
	viaCitizen := homeByCitizen(s)
	truth := publicTruth(s)
	places := s.arrowTable("columns=lat,id,geometry", "")
	if got := names(places.Schema()); !slices.Equal(got, []string{"lat", "id", "geometry"}) {
		t.Fatalf("columns %v", got)
	}
	lats, wkb := column(t, places, export.ColLat).(*array.Float64), column(t, places, export.ColGeometry).(*array.Binary)
	seen := false
	for i, id := range int64sOf(t, places, export.ColID) {
		e := truth[id]
		if e.lat == nil {
			if !lats.IsNull(i) || !wkb.IsNull(i) {
				t.Errorf("ticket %d has no place, yet a latitude or a point", id)
			}
			continue
		}
		g := wkb.Value(i)
		if lats.Value(i) != *e.lat || math.Float64frombits(binary.LittleEndian.Uint64(g[5:])) != *e.lon ||
			math.Float64frombits(binary.LittleEndian.Uint64(g[13:])) != *e.lat {
			t.Errorf("ticket %d at %v %x, want %v %v", id, lats.Value(i), g, *e.lon, *e.lat)
		}
		seen = seen || id == viaCitizen
	}
	if !seen || *truth[viaCitizen].lat != math.Round(*truth[viaCitizen].lat*1000)/1000 {
		t.Error("the ticket at a home is missing or not rounded")
	}

	// Staff choose among the staff columns too.
	staff := s.arrowTable("columns=assignee,id", s.staff("staff"))
	if got := names(staff.Schema()); !slices.Equal(got, []string{"assignee", "id"}) || staff.NumRows() != int64(n) {
		t.Errorf("staff projection: columns %v, %d rows", got, staff.NumRows())
	}
}

func TestScanReadsOnlyTheColumnsAskedFor(t *testing.T) {
	pool := city(t)
	ctx := context.Background()
	req := export.Request{MunicipalityID: 1, Columns: []string{export.ColNeighbourhood, export.ColCreatedAt}, BatchRows: 100}
	want, _ := req.Schema()
	rows := 0
	err := export.Scan(ctx, pool, req, func(rec arrow.RecordBatch) error {
		rows += int(rec.NumRows())
		if !rec.Schema().Equal(want) || rec.NumCols() != 2 {
			t.Errorf("a batch of\n%s", rec.Schema())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM ticket`).Scan(&n); err != nil || rows != n {
		t.Errorf("%d rows, want %d (%v)", rows, n, err)
	}
	for _, c := range []struct {
		name    string
		columns []string
		staff   bool
		want    string
	}{
		{"an unknown column", []string{"id", "bogus"}, true, "unknown column"},
		{"a column twice", []string{"id", "id"}, false, "twice"},
		{"a staff column for the public", []string{"id", "description"}, false, "for staff"},
	} {
		err := export.Scan(ctx, pool, export.Request{MunicipalityID: 1, Columns: c.columns, Staff: c.staff}, func(arrow.RecordBatch) error {
			t.Errorf("%s: a batch", c.name)
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}

func TestBadColumnsAndStaffColumnsFromOthersAreRefused(t *testing.T) {
	s := newSite(t)
	citizen, err := auth.NewStore(s.pool).LoginCitizen(context.Background(), 1, seed.DemoCitizen.Email, seed.DemoCitizen.Password)
	if err != nil {
		t.Fatal(err)
	}
	staff := s.staff("agent")
	for _, c := range []struct {
		query, token string
		want         int
		says         string
	}{
		{"columns=bogus", "", 400, "created_at"}, // the known columns are listed
		{"columns=id,bogus", staff, 400, "unknown column"},
		{"columns=id,,category", "", 400, "separated by commas"},
		{"columns=", "", 400, "separated by commas"},
		{"columns=id,id", "", 400, "twice"},
		{"columns=id,description", "", 401, "for staff"},
		{"columns=assignee", citizen.Token, 403, "for staff"},
		{"columns=id&columns=address", citizen.Token, 403, "for staff"},
	} {
		for _, f := range []string{"arrow", "parquet"} {
			code, body, h := s.get("/api/export/tickets."+f+"?"+c.query, c.token)
			if code != c.want || !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !strings.Contains(string(body), c.says) {
				t.Errorf("%s ?%s: %d %s, want %d saying %q", f, c.query, code, body, c.want, c.says)
			}
		}
	}
	if code, body, _ := s.get("/api/export/tickets.arrow?columns=id,address", staff); code != 200 {
		t.Errorf("staff asking for a staff column: %d %s", code, body)
	}
}
