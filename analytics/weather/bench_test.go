package weather

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func benchmarkParse(b *testing.B, name string) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		b.Fatal(err)
	}
	zone := brussels(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(strings.NewReader(string(data)), ParseOptions{Zone: zone}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseHourly reads 79 days of Kortrijk's hours (1,896 lines).
func BenchmarkParseHourly(b *testing.B) {
	benchmarkParse(b, "kortrijk/weather-hourly-2025-11-to-2026-01.csv")
}

// BenchmarkParseGHCN reads three years of Boston Logan (1,096 lines).
func BenchmarkParseGHCN(b *testing.B) { benchmarkParse(b, "boston/weather-logan-2014-2016.csv") }
