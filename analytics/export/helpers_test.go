package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/export"
	"loket/internal/auth"
	"loket/internal/testdb"
	"loket/seed"
	"loket/ticketing"
)

// city is a fresh copy of a small seeded demo city: Kortrijk's
// neighbourhoods, register, teams, staff and 600 tickets.
func city(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return testdb.NewWith(t, "export", func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := seed.Run(ctx, pool, seed.Options{Seed: 11, Until: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			Years: 1, Tickets: 600})
		return err
	})
}

// site serves the ticket list and the exports over a fresh city, behind
// the sign-in middleware, as the server mounts them.
type site struct {
	t    testing.TB
	pool *pgxpool.Pool
	url  string
}

func newSite(t testing.TB) *site {
	pool := city(t)
	r := chi.NewRouter()
	sessions := auth.NewStore(pool)
	r.Use(sessions.Middleware)
	ticketing.New(pool, nil).Routes(r)
	export.New(pool).Routes(r)
	ts := httptest.NewServer(r)
	t.Cleanup(ts.Close)
	return &site{t: t, pool: pool, url: ts.URL}
}

// staff signs in a demo account by role and returns its bearer token.
func (s *site) staff(role string) string {
	s.t.Helper()
	se, err := auth.NewStore(s.pool).LoginStaff(context.Background(), role+"@kortrijk.demo", "demo")
	if err != nil {
		s.t.Fatal(err)
	}
	return se.Token
}

// get fetches path with a bearer token (none when empty).
func (s *site) get(path, token string) (int, []byte, http.Header) {
	s.t.Helper()
	req, err := http.NewRequest("GET", s.url+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return res.StatusCode, raw, res.Header
}

// arrowTable reads an export in the Arrow format into one table.
func (s *site) arrowTable(query, token string) arrow.Table {
	s.t.Helper()
	code, raw, h := s.get("/api/export/tickets.arrow?"+query, token)
	if code != 200 || h.Get("Content-Type") != export.Arrow.ContentType {
		s.t.Fatalf("arrow export ?%s: %d %s %s", query, code, h.Get("Content-Type"), raw)
	}
	rd, err := ipc.NewReader(bytes.NewReader(raw))
	if err != nil {
		s.t.Fatal(err)
	}
	defer rd.Release()
	var recs []arrow.RecordBatch
	for rd.Next() {
		rec := rd.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := rd.Err(); err != nil {
		s.t.Fatalf("arrow export ?%s: %v", query, err)
	}
	tbl := array.NewTableFromRecords(rd.Schema(), recs)
	for _, r := range recs {
		r.Release()
	}
	s.t.Cleanup(tbl.Release)
	return tbl
}

// parquetTable reads an export in the Parquet format, and its file's
// key-value metadata.
func (s *site) parquetTable(query, token string) (arrow.Table, map[string]string) {
	s.t.Helper()
	code, raw, h := s.get("/api/export/tickets.parquet?"+query, token)
	if code != 200 || h.Get("Content-Type") != export.Parquet.ContentType {
		s.t.Fatalf("parquet export ?%s: %d %s %s", query, code, h.Get("Content-Type"), raw)
	}
	pf, err := file.NewParquetReader(bytes.NewReader(raw))
	if err != nil {
		s.t.Fatal(err)
	}
	defer pf.Close()
	meta := map[string]string{}
	kv := pf.MetaData().KeyValueMetadata()
	for i, k := range kv.Keys() {
		meta[k] = kv.Values()[i]
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		s.t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(tbl.Release)
	return tbl, meta
}

// listCount pages through /api/tickets with query and counts the tickets.
func (s *site) listCount(query, token string) int {
	s.t.Helper()
	n := 0
	for cursor := ""; ; {
		code, raw, _ := s.get("/api/tickets?limit=500&"+query+"&cursor="+cursor, token)
		var page struct {
			Tickets []json.RawMessage
			Next    string
		}
		if code != 200 || json.Unmarshal(raw, &page) != nil {
			s.t.Fatalf("list ?%s: %d %s", query, code, raw)
		}
		n += len(page.Tickets)
		if page.Next == "" {
			return n
		}
		cursor = page.Next
	}
}

// count runs a counting query.
func (s *site) count(sql string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// column returns the named column of tbl as one array.
func column(t testing.TB, tbl arrow.Table, name string) arrow.Array {
	t.Helper()
	idx := tbl.Schema().FieldIndices(name)
	if len(idx) != 1 {
		t.Fatalf("no column %q in %s", name, tbl.Schema())
	}
	chunks := tbl.Column(idx[0]).Data().Chunks()
	if len(chunks) == 1 {
		chunks[0].Retain()
		return chunks[0]
	}
	a, err := array.Concatenate(chunks, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// stringsOf reads a string or dictionary-of-strings column, "" for null.
func stringsOf(t testing.TB, tbl arrow.Table, name string) []string {
	t.Helper()
	a := column(t, tbl, name)
	defer a.Release()
	out := make([]string, a.Len())
	for i := range out {
		if a.IsNull(i) {
			continue
		}
		switch c := a.(type) {
		case *array.String:
			out[i] = c.Value(i)
		case *array.Dictionary:
			out[i] = c.Dictionary().(*array.String).Value(c.GetValueIndex(i))
		default:
			t.Fatalf("column %s is a %s", name, a.DataType())
		}
	}
	return out
}

// int64sOf reads an int64 column.
func int64sOf(t testing.TB, tbl arrow.Table, name string) []int64 {
	t.Helper()
	a := column(t, tbl, name)
	defer a.Release()
	return append([]int64(nil), a.(*array.Int64).Int64Values()...)
}
