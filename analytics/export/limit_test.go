package export

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/go-chi/chi/v5"

	"loket/internal/testdb"
)

func TestExportsBeyondTheLimitAreToldToComeBackAndAnEmptyCityGivesAnEmptyStream(t *testing.T) {
	pool := testdb.New(t)
	if _, err := pool.Exec(context.Background(), `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (1, '34022', 'Kortrijk', 'Courtrai', 'Kortrijk', '1777')`); err != nil {
		t.Fatal(err)
	}
	e := New(pool)
	r := chi.NewRouter()
	e.Routes(r)
	get := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest("GET", "/api/export/tickets.arrow", nil))
		return w
	}
	for range MaxExports {
		e.slots <- struct{}{}
	}
	if w := get(); w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("with %d exports running: %d %q, want 503 with Retry-After", MaxExports, w.Code, w.Header().Get("Retry-After"))
	}
	<-e.slots
	w := get()
	if w.Code != http.StatusOK {
		t.Fatalf("with a slot free: %d %s", w.Code, w.Body)
	}
	rd, err := ipc.NewReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Release()
	if rd.Next() || rd.Err() != nil || !rd.Schema().Equal(Schema(false)) {
		t.Errorf("an empty city gives a batch (%v) or a wrong schema:\n%s", rd.Err(), rd.Schema())
	}
	if len(e.slots) != MaxExports-1 {
		t.Errorf("%d slots taken after the export, want %d", len(e.slots), MaxExports-1)
	}
}
