package geo

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/testdb"
)

// kortrijkNIS is Kortrijk's NIS code.
const kortrijkNIS = "34022"

// importedKortrijk is a fresh database holding Kortrijk's 14 neighbourhoods
// (and, from their union, its boundary), as the import creates them.
func importedKortrijk(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool := testdb.New(t)
	rep := mustImportNeighbourhoods(t, pool, "testdata/wijken.geojson", ImportOptions{Municipality: kortrijkNIS, Name: "Kortrijk"})
	if rep.Inserted != 14 || !rep.Created {
		t.Fatalf("neighbourhood import: %+v", rep)
	}
	return pool
}

func mustImportNeighbourhoods(t testing.TB, pool *pgxpool.Pool, path string, opt ImportOptions) ImportReport {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := ImportNeighbourhoods(context.Background(), pool, f, opt)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return rep
}

func importAddressText(t *testing.T, pool *pgxpool.Pool, csv string, opt ImportOptions) (ImportReport, error) {
	t.Helper()
	return ImportAddresses(context.Background(), pool, strings.NewReader(csv), opt)
}

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// lines returns the line numbers of the rejections.
func lines(rej []Rejection) []int {
	var out []int
	for _, r := range rej {
		out = append(out, r.Line)
	}
	return out
}

func openTestdata(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 7, 64) }
