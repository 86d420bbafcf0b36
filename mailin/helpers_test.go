package mailin

import (
	"os"
	"path/filepath"
	"testing"
)

// MustParseFile parses testdata/name and fails the test when that fails.
func MustParseFile(tb testing.TB, name string) Message {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	m, err := Parse(f)
	if err != nil {
		tb.Fatalf("parse %s: %v", name, err)
	}
	return m
}

// MustReadFile returns the raw bytes of testdata/name.
func MustReadFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
