package ticketimport_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/testdb"
	"loket/ticketimport"
)

const (
	realFile          = "../testdata/boston/boston311-2015.csv.gz"
	realNeighbourhood = "../testdata/boston/neighborhoods.geojson"
)

// everyNth keeps the header and every nth case of the real export: a
// deterministic sample with the file's mix, small enough for a unit test.
func everyNth(t testing.TB, n int) []byte {
	t.Helper()
	f, err := os.Open(realFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(zr)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for i := 0; ; i++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 || i%n == 0 {
			if err := w.Write(rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.Flush()
	return b.Bytes()
}

func importReal(t testing.TB, data io.Reader) (ticketimport.Report, *pgxpool.Pool) {
	t.Helper()
	nbh, err := os.Open(realNeighbourhood)
	if err != nil {
		t.Fatal(err)
	}
	defer nbh.Close()
	pool := testdb.New(t)
	rep, err := ticketimport.ImportBoston311(context.Background(), pool, data, ticketimport.Options{Neighbourhoods: nbh})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep, pool
}

func TestAQuarterOfBostons2015CasesImportsWithTheFilesKnownShares(t *testing.T) {
	rep, pool := importReal(t, bytes.NewReader(everyNth(t, 4)))
	t.Logf("%d cases in %s (%.0f rows/s)", rep.Read, rep.Duration, rep.RowsPerSecond())
	// 121,145 cases, one in four.
	if rep.Read != 30286 || rep.Inserted != rep.Read || len(rep.Rejected) != 0 {
		t.Fatalf("read %d, inserted %d, rejected %d; want all 30286 in", rep.Read, rep.Inserted, len(rep.Rejected))
	}
	share := func(n int) float64 { return float64(n) / float64(rep.Read) }
	// About 14 % of Boston's cases sit on one city-centre coordinate.
	if len(rep.Fallbacks) == 0 || math.Abs(rep.Fallbacks[0].Lat-42.3594) > 1e-6 || math.Abs(rep.Fallbacks[0].Lon+71.0587) > 1e-6 {
		t.Errorf("fallbacks %v, want 42.3594, -71.0587 first", rep.Fallbacks)
	}
	if s := share(rep.OnFallback); s < 0.13 || s > 0.15 {
		t.Errorf("%.1f %% of the cases on a fallback coordinate, want about 14 %%", 100*s)
	}
	if s := share(len(rep.Unplaced)); s > 0.005 {
		t.Errorf("%.2f %% of the cases outside every neighbourhood", 100*s)
	}
	// 101,272 of 121,145 are closed (84 %); 3,880 closed as duplicates (3.2 %).
	if s := share(count(t, pool, `SELECT count(*) FROM ticket WHERE status IN ('closed', 'duplicate')`)); s < 0.82 || s > 0.86 {
		t.Errorf("%.1f %% closed, want about 84 %%", 100*s)
	}
	if s := share(count(t, pool, `SELECT count(*) FROM ticket WHERE status = 'assigned'`)); s < 0.14 || s > 0.18 {
		t.Errorf("%.1f %% open, want about 16 %%", 100*s)
	}
	if s := share(rep.Duplicates); s < 0.028 || s > 0.036 {
		t.Errorf("%.1f %% closed as duplicates, want about 3.2 %%", 100*s)
	}
	if rep.Linked == 0 || rep.Linked >= rep.Duplicates {
		t.Errorf("%d of %d duplicates linked to their original; want some, not all (most originals are outside the sample)", rep.Linked, rep.Duplicates)
	}
	assertMapMatchesTickets(t, pool)
}

// BenchmarkImportBoston311 imports the whole real export into a fresh
// database each time.
func BenchmarkImportBoston311(b *testing.B) {
	data, err := os.ReadFile(realFile)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rep, _ := importReal(b, bytes.NewReader(data))
		b.ReportMetric(rep.RowsPerSecond(), "rows/s")
	}
}
