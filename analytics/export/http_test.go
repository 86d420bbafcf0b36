package export_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"loket/analytics/export"
)

// expected is a ticket as the database says a public export must show it.
type expected struct {
	reference, category, status, channel, neighbourhood string
	created                                             time.Time
	closed                                              *time.Time
	lon, lat                                            *float64
}

// publicTruth reads every ticket as the export must show it publicly: a
// point at the reporter's home rounded by PostgreSQL, exactly as Open311
// rounds it (the home rule below is Open311's).
func publicTruth(s *site) map[int64]expected {
	s.t.Helper()
	rows, err := s.pool.Query(context.Background(), `
		SELECT t.id, t.reference, c.code, t.status, t.channel, coalesce(n.name, ''), t.created_at, t.closed_at,
		       CASE WHEN home THEN round(ST_X(t.geom)::numeric, 3)::float8 ELSE ST_X(t.geom) END,
		       CASE WHEN home THEN round(ST_Y(t.geom)::numeric, 3)::float8 ELSE ST_Y(t.geom) END
		FROM ticket t
		JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		LEFT JOIN neighbourhood n ON n.municipality_id = t.municipality_id AND n.id = t.neighbourhood_id
		CROSS JOIN LATERAL (SELECT t.address_id IS NOT NULL AND t.address_id IN (
			SELECT r.address_id FROM resident r WHERE r.municipality_id = t.municipality_id
			  AND (r.id = t.reporter_resident_id OR r.id = (SELECT ci.resident_id FROM citizen ci
			       WHERE ci.municipality_id = t.municipality_id AND ci.id = t.reporter_citizen_id)))) h(home)`)
	if err != nil {
		s.t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]expected{}
	for rows.Next() {
		var id int64
		var e expected
		if err := rows.Scan(&id, &e.reference, &e.category, &e.status, &e.channel, &e.neighbourhood, &e.created, &e.closed, &e.lon, &e.lat); err != nil {
			s.t.Fatal(err)
		}
		out[id] = e
	}
	if rows.Err() != nil {
		s.t.Fatal(rows.Err())
	}
	return out
}

// homeByCitizen moves a ticket to the home of a resident who reported it
// through a citizen account, and returns the ticket's id.
func homeByCitizen(s *site) int64 {
	s.t.Helper()
	var id int64
	err := s.pool.QueryRow(context.Background(), `
		WITH r AS (SELECT id, address_id FROM resident WHERE address_id IS NOT NULL ORDER BY id LIMIT 1),
		ci AS (INSERT INTO citizen (municipality_id, email, password_hash, resident_id)
		       SELECT 1, 'thuis@example.org', 'x', id FROM r RETURNING id)
		UPDATE ticket t SET reporter_resident_id = NULL, reporter_citizen_id = (SELECT id FROM ci),
		       address_id = (SELECT address_id FROM r),
		       geom = (SELECT ST_Translate(a.geom, 0.0000123, 0.0000456) FROM address a JOIN r ON a.id = r.address_id)
		WHERE t.id = (SELECT min(id) FROM ticket WHERE geom IS NOT NULL) RETURNING t.id`).Scan(&id)
	if err != nil {
		s.t.Fatal(err)
	}
	return id
}

func TestAnAnonymousArrowExportShowsEveryTicketPubliclyWithTheDocumentedTypes(t *testing.T) {
	s := newSite(t)
	viaCitizen := homeByCitizen(s)
	tbl := s.arrowTable("", "")
	wantTypes := map[string]string{
		export.ColID: "int64", export.ColReference: "utf8", export.ColCategory: "dictionary<values=utf8, indices=int16, ordered=false>",
		export.ColStatus: "dictionary<values=utf8, indices=int8, ordered=false>", export.ColChannel: "dictionary<values=utf8, indices=int8, ordered=false>",
		export.ColCreatedAt: "timestamp[us, tz=UTC]", export.ColClosedAt: "timestamp[us, tz=UTC]",
		export.ColNeighbourhood: "dictionary<values=utf8, indices=int16, ordered=false>",
		export.ColLon:           "float64", export.ColLat: "float64", export.ColGeometry: "binary",
	}
	var names []string
	for _, f := range tbl.Schema().Fields() {
		names = append(names, f.Name)
		if got := f.Type.String(); got != wantTypes[f.Name] {
			t.Errorf("column %s is %s, want %s", f.Name, got, wantTypes[f.Name])
		}
	}
	if len(names) != len(wantTypes) {
		t.Errorf("public columns %v, want exactly %d", names, len(wantTypes))
	}
	geom, _ := tbl.Schema().FieldsByName(export.ColGeometry)
	if v, _ := geom[0].Metadata.GetValue("ARROW:extension:name"); v != "geoarrow.wkb" {
		t.Errorf("geometry column is marked %q, want geoarrow.wkb", v)
	}

	truth := publicTruth(s)
	if int(tbl.NumRows()) != len(truth) || len(truth) < 600 {
		t.Fatalf("%d rows, want every one of the %d tickets", tbl.NumRows(), len(truth))
	}
	ids := int64sOf(t, tbl, export.ColID)
	refs, cats := stringsOf(t, tbl, export.ColReference), stringsOf(t, tbl, export.ColCategory)
	statuses, channels := stringsOf(t, tbl, export.ColStatus), stringsOf(t, tbl, export.ColChannel)
	nbhs := stringsOf(t, tbl, export.ColNeighbourhood)
	created, closed := column(t, tbl, export.ColCreatedAt).(*array.Timestamp), column(t, tbl, export.ColClosedAt).(*array.Timestamp)
	lons, lats := column(t, tbl, export.ColLon).(*array.Float64), column(t, tbl, export.ColLat).(*array.Float64)
	wkb := column(t, tbl, export.ColGeometry).(*array.Binary)
	seen := map[int64]bool{}
	rounded := 0
	for i, id := range ids {
		e, ok := truth[id]
		if !ok || seen[id] {
			t.Fatalf("ticket %d is unknown or came twice", id)
		}
		seen[id] = true
		if refs[i] != e.reference || cats[i] != e.category || statuses[i] != e.status || channels[i] != e.channel || nbhs[i] != e.neighbourhood {
			t.Errorf("ticket %d: %s %s %s %s %q, want %+v", id, refs[i], cats[i], statuses[i], channels[i], nbhs[i], e)
		}
		if created.Value(i) != arrow.Timestamp(e.created.UnixMicro()) || closed.IsNull(i) != (e.closed == nil) ||
			(e.closed != nil && closed.Value(i) != arrow.Timestamp(e.closed.UnixMicro())) {
			t.Errorf("ticket %d: created %v closed %v, want %v %v", id, created.Value(i), closed.Value(i), e.created, e.closed)
		}
		if lons.IsNull(i) != (e.lon == nil) || wkb.IsNull(i) != (e.lon == nil) {
			t.Fatalf("ticket %d: place null %v, want %v", id, lons.IsNull(i), e.lon == nil)
		}
		if e.lon == nil {
			continue
		}
		if lons.Value(i) != *e.lon || lats.Value(i) != *e.lat {
			t.Errorf("ticket %d at %v %v, want %v %v", id, lons.Value(i), lats.Value(i), *e.lon, *e.lat)
		}
		if g := wkb.Value(i); len(g) != 21 || g[0] != 1 || binary.LittleEndian.Uint32(g[1:]) != 1 ||
			math.Float64frombits(binary.LittleEndian.Uint64(g[5:])) != *e.lon || math.Float64frombits(binary.LittleEndian.Uint64(g[13:])) != *e.lat {
			t.Errorf("ticket %d: WKB %x is not the point %v %v", id, g, *e.lon, *e.lat)
		}
		if *e.lon == math.Round(*e.lon*1000)/1000 && *e.lat == math.Round(*e.lat*1000)/1000 {
			rounded++
		}
	}
	if rounded < 10 {
		t.Errorf("only %d tickets rounded at a home: the test city should have more", rounded)
	}
	if e := truth[viaCitizen]; *e.lon != math.Round(*e.lon*1000)/1000 {
		t.Errorf("the ticket reported through a citizen account is not at a home by Open311's rule: %v", *e.lon)
	}
}

func TestAStaffParquetFileHoldsTheSameRowsAsTheArrowStreamWithStaffColumns(t *testing.T) {
	s := newSite(t)
	token := s.staff("staff")
	stream := s.arrowTable("", token)
	file, meta := s.parquetTable("", token)
	if !strings.Contains(meta["geo"], `"encoding":"WKB"`) {
		t.Errorf("no GeoParquet metadata: %q", meta["geo"])
	}
	if !sameColumns(stream.Schema(), file.Schema()) {
		t.Fatalf("parquet schema\n%s\nis not the stream's\n%s", file.Schema(), stream.Schema())
	}
	dict16 := "dictionary<values=utf8, indices=int16, ordered=false>"
	staffTypes := map[string]string{export.ColTeam: dict16, export.ColAssignee: dict16, export.ColPriority: "int8",
		export.ColDueAt: "timestamp[us, tz=UTC]", export.ColDescription: "utf8",
		export.ColGeocodeQuality: "dictionary<values=utf8, indices=int8, ordered=false>", export.ColAddress: "utf8"}
	for c, typ := range staffTypes {
		if f, ok := stream.Schema().FieldsByName(c); !ok || len(f) != 1 || f[0].Type.String() != typ {
			t.Errorf("staff export's %s is %v, want one of %s", c, f, typ)
		}
	}
	want, got := rowsByID(t, stream), rowsByID(t, file)
	if len(want) != s.count(`SELECT count(*) FROM ticket`) || len(got) != len(want) {
		t.Fatalf("%d rows in the file, %d in the stream", len(got), len(want))
	}
	for id, row := range want {
		if got[id] != row {
			t.Errorf("ticket %d\nfile   %s\nstream %s", id, got[id], row)
		}
	}

	// Staff see exact points, homes too, and the staff columns as stored.
	var id int64
	var lon float64
	var team, assignee, description, quality, address string
	var priority int
	err := s.pool.QueryRow(context.Background(), `
		SELECT t.id, ST_X(t.geom), coalesce(tm.code, ''), coalesce(st.name, ''), t.priority, t.description, t.geocode_quality, coalesce(t.address_text, '')
		FROM ticket t JOIN resident r ON r.id = t.reporter_resident_id AND r.address_id = t.address_id
		LEFT JOIN team tm ON tm.id = t.team_id LEFT JOIN staff st ON st.id = t.assignee_id
		WHERE t.assignee_id IS NOT NULL ORDER BY t.id LIMIT 1`).Scan(&id, &lon, &team, &assignee, &priority, &description, &quality, &address)
	if err != nil {
		t.Fatal(err)
	}
	row := want[id]
	for _, part := range []string{"lon=" + strconv.FormatFloat(lon, 'g', -1, 64), "team=" + team, "assignee=" + assignee, "priority=" + strconv.Itoa(priority),
		"description=" + description, "geocode_quality=" + quality, "address=" + address} {
		if !strings.Contains(row, "|"+part+"|") {
			t.Errorf("ticket %d lacks %q: %s", id, part, row)
		}
	}
}

// sameColumns compares names, types and nullability; Parquet adds field
// ids to the metadata.
func sameColumns(a, b *arrow.Schema) bool {
	if a.NumFields() != b.NumFields() {
		return false
	}
	for i, f := range a.Fields() {
		g := b.Field(i)
		if f.Name != g.Name || !arrow.TypeEqual(f.Type, g.Type) || f.Nullable != g.Nullable {
			return false
		}
	}
	return true
}

// rowsByID renders each row of tbl as |column=value|… by ticket id.
func rowsByID(t *testing.T, tbl arrow.Table) map[int64]string {
	t.Helper()
	ids := int64sOf(t, tbl, export.ColID)
	rows := make([]strings.Builder, len(ids))
	for _, f := range tbl.Schema().Fields() {
		a := column(t, tbl, f.Name)
		for i := range ids {
			rows[i].WriteString("|" + f.Name + "=" + a.ValueStr(i)) // a dictionary shows its value
		}
		a.Release()
	}
	out := make(map[int64]string, len(ids))
	for i, id := range ids {
		out[id] = rows[i].String() + "|"
	}
	return out
}

func TestExportsHoldTheTicketsTheListShowsForTheSameFilters(t *testing.T) {
	s := newSite(t)
	token := s.staff("manager")
	var category, team, nbh, word string
	var assignee int
	err := s.pool.QueryRow(context.Background(), `
		SELECT (SELECT c.code FROM ticket t JOIN category c ON c.id = t.category_id GROUP BY c.code ORDER BY count(*) DESC, c.code LIMIT 1),
		       (SELECT tm.code FROM ticket t JOIN team tm ON tm.id = t.team_id GROUP BY tm.code ORDER BY count(*) DESC, tm.code LIMIT 1),
		       (SELECT n.code FROM ticket t JOIN neighbourhood n ON n.id = t.neighbourhood_id GROUP BY n.code ORDER BY count(*) DESC, n.code LIMIT 1),
		       (SELECT assignee_id FROM ticket WHERE assignee_id IS NOT NULL GROUP BY assignee_id ORDER BY count(*) DESC, assignee_id LIMIT 1),
		       (SELECT split_part(description, ' ', 1) FROM ticket WHERE description <> '' ORDER BY id LIMIT 1)`).
		Scan(&category, &team, &nbh, &assignee, &word)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		query string
		staff bool // a filter only staff may use
	}{
		{"", false},
		{"status=new,triaged,in_progress", false},
		{"status=closed&category=" + category, false},
		{"team=" + team, false},
		{"neighbourhood=" + nbh, false},
		{"created_from=2026-03-01&created_to=2026-08-01", false},
		{"updated_from=2026-06-01T00:00:00%2B02:00", false},
		{"bbox=3.22,50.78,3.30,50.84", false},
		{"q=" + word, true},
		{"assignee=" + strconv.Itoa(assignee), true},
	}
	for _, c := range cases {
		want := s.listCount(c.query, token)
		if want == 0 {
			t.Errorf("?%s selects nothing: the test city does not test it", c.query)
		}
		if got := s.arrowTable(c.query, token).NumRows(); int(got) != want {
			t.Errorf("staff arrow export ?%s: %d rows, the list %d", c.query, got, want)
		}
		if c.staff {
			continue
		}
		if got := s.arrowTable(c.query, "").NumRows(); int(got) != want {
			t.Errorf("public arrow export ?%s: %d rows, the list %d", c.query, got, want)
		}
	}
	tbl, _ := s.parquetTable("status=closed,resolved", "")
	if want := s.listCount("status=closed,resolved", token); int(tbl.NumRows()) != want || want == 0 {
		t.Errorf("public parquet export of closed tickets: %d rows, the list %d", tbl.NumRows(), want)
	}
}

func TestNeitherExportCarriesTheReporterOrTheRegister(t *testing.T) {
	s := newSite(t)
	public := s.arrowTable("", "")
	staff := s.arrowTable("", s.staff("admin"))
	staffOnly := []string{export.ColTeam, export.ColAssignee, export.ColPriority, export.ColDueAt, export.ColDescription,
		export.ColGeocodeQuality, export.ColAddress}
	for _, f := range public.Schema().Fields() {
		if slices.Contains(staffOnly, f.Name) {
			t.Errorf("the public export has the staff column %s", f.Name)
		}
	}
	personal := map[string]bool{}
	rows, err := s.pool.Query(context.Background(), `
		SELECT v FROM ticket, unnest(ARRAY[reporter_name, reporter_email, reporter_phone]) v WHERE v <> ''
		UNION SELECT v FROM resident, unnest(ARRAY[national_number, first_name || ' ' || last_name, email, phone]) v WHERE v <> ''
		-- A resident may share a name with a member of staff, whom the staff export names as assignee.
		EXCEPT SELECT name FROM staff`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		personal[v] = true
	}
	if len(personal) < 100 {
		t.Fatalf("only %d personal values to look for", len(personal))
	}
	for name, tbl := range map[string]arrow.Table{"public": public, "staff": staff} {
		for _, f := range tbl.Schema().Fields() {
			if strings.Contains(f.Name, "reporter") || strings.Contains(f.Name, "resident") {
				t.Errorf("the %s export has a column %s", name, f.Name)
			}
			if f.Type.ID() != arrow.STRING && f.Type.ID() != arrow.DICTIONARY {
				continue
			}
			for _, v := range stringsOf(t, tbl, f.Name) {
				if personal[v] {
					t.Errorf("the %s export shows %q in %s", name, v, f.Name)
				}
			}
		}
	}
}

func TestBadFiltersAndStaffFiltersFromOthersAreRefused(t *testing.T) {
	s := newSite(t)
	staff := s.staff("agent")
	for _, c := range []struct {
		query, token string
		want         int
	}{
		{"status=bogus", staff, 400},
		{"bbox=1,2,3", staff, 400},
		{"bbox=3.5,50,3.0,51", "", 400},
		{"created_from=yesterday", "", 400},
		{"assignee=x", staff, 400},
		{"limit=10", staff, 400},
		{"cursor=abc", "", 400},
		{"categroy=zwerfvuil", "", 400},
		{"q=lamp", "", 401},
		{"assignee=3", "", 401},
	} {
		for _, f := range []string{"arrow", "parquet"} {
			code, body, h := s.get("/api/export/tickets."+f+"?"+c.query, c.token)
			if code != c.want || !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !strings.Contains(string(body), `"message"`) {
				t.Errorf("%s ?%s: %d %s %s, want %d with a message", f, c.query, code, h.Get("Content-Type"), body, c.want)
			}
		}
	}
}

// staffParquet is the first row group of a staff Parquet export and the
// file's schema.
func staffParquet(t *testing.T) (*metadata.RowGroupMetaData, *schema.Schema) {
	t.Helper()
	s := newSite(t)
	code, raw, _ := s.get("/api/export/tickets.parquet", s.staff("staff"))
	if code != 200 {
		t.Fatalf("parquet export: %d %s", code, raw)
	}
	pf, err := file.NewParquetReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pf.Close() })
	md := pf.MetaData()
	if md.NumRowGroups() == 0 {
		t.Fatal("a file without row groups")
	}
	return md.RowGroup(0), md.Schema
}

func chunkOf(t *testing.T, rg *metadata.RowGroupMetaData, sc *schema.Schema, name string) *metadata.ColumnChunkMetaData {
	t.Helper()
	cc, err := rg.ColumnChunk(sc.ColumnIndexByName(name))
	if err != nil {
		t.Fatal(err)
	}
	return cc
}

func TestParquetKeepsStatisticsToSkipRowGroupsByButNoneOfFreeText(t *testing.T) {
	rg, sc := staffParquet(t)
	want := map[string]bool{export.ColCreatedAt: true, export.ColReference: true, export.ColDescription: false, export.ColAddress: false}
	for name, stats := range want {
		if set, _ := chunkOf(t, rg, sc, name).StatsSet(); set != stats {
			t.Errorf("column %s has statistics %v, want %v", name, set, stats)
		}
	}
}

func TestParquetStoresIdsTimesAndReferencesAsDifferencesAndCoordinatesSplit(t *testing.T) {
	rg, sc := staffParquet(t)
	want := map[string]parquet.Encoding{export.ColID: parquet.Encodings.DeltaBinaryPacked,
		export.ColCreatedAt: parquet.Encodings.DeltaBinaryPacked, export.ColClosedAt: parquet.Encodings.DeltaBinaryPacked,
		export.ColDueAt: parquet.Encodings.DeltaBinaryPacked, export.ColReference: parquet.Encodings.DeltaByteArray,
		export.ColLon: parquet.Encodings.ByteStreamSplit, export.ColLat: parquet.Encodings.ByteStreamSplit}
	for name, enc := range want {
		if got := chunkOf(t, rg, sc, name).Encodings(); !slices.Contains(got, enc) {
			t.Errorf("column %s is encoded %v, want %v", name, got, enc)
		}
	}
}
