package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"loket/internal/testdb"
)

func TestImportCommandLoadsNeighbourhoodsThenAddresses(t *testing.T) {
	url := testdb.NewURL(t)
	ctx := context.Background()
	wijken := filepath.Join("..", "..", "geo", "testdata", "wijken.geojson")
	err := runImport(ctx, []string{"neighbourhoods", wijken, "-database-url", url, "-municipality", "34022", "-name", "Kortrijk"})
	if err != nil {
		t.Fatalf("import neighbourhoods: %v", err)
	}
	csv := filepath.Join(t.TempDir(), "adressen.csv")
	body := "street_nl;house_number;postcode;x;y\nGrote Markt;54;8500;72876,3;168977,9\nGrote Markt;;8500;1;1\n"
	if err := os.WriteFile(csv, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runImport(ctx, []string{"-database-url", url, "-srid", "31370", "addresses", csv}); err != nil {
		t.Fatalf("import addresses: %v", err)
	}
	err = runImport(ctx, []string{"addresses", csv, "-database-url", url, "-srid", "31370", "-strict"})
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("strict import: %v, want line 3 reported", err)
	}
	if err := runImport(ctx, []string{"streets", csv, "-database-url", url}); err == nil {
		t.Fatal("an unknown kind of import was accepted")
	}
}
