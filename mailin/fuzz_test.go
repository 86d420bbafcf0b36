package mailin

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(bytes.NewReader(raw))
		if err != nil {
			return
		}
		if m.MessageID == "" {
			t.Fatal("a parsed message has no MessageID")
		}
		Body(m)
		IsAutoReply(m)
		Reference(m.Subject)
	})
}

func FuzzReference(f *testing.F) {
	for _, s := range []string{"Re: [1777-2026-000123] stoep", "Antw: GEM-2026-004711", "1234567-2026-000123", "", "Réf 1-2026-000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, subject string) {
		ref, ok := Reference(subject)
		if !ok {
			if ref != "" {
				t.Fatalf("no reference found but %q returned", ref)
			}
			return
		}
		if !strings.Contains(subject, ref) {
			t.Fatalf("reference %q is not in %q", ref, subject)
		}
		if again, ok := Reference(ref); !ok || again != ref {
			t.Fatalf("Reference(%q) = %q, %v", ref, again, ok)
		}
	})
}
