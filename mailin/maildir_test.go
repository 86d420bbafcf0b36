package mailin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"loket/internal/errs"
)

// MustMaildir makes a Maildir in a temporary folder holding the given files,
// named "new/…" or "cur/…", each with a small message.
func MustMaildir(tb testing.TB, files ...string) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, sub := range []string{"new", "cur", "tmp"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			tb.Fatal(err)
		}
	}
	for _, f := range files {
		body := "Subject: " + f + "\n\nhallo\n"
		if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestReadMaildir(t *testing.T) {
	t.Run("messages in new and cur are listed sorted by name", func(t *testing.T) {
		dir := MustMaildir(t, "new/1700000003.c.host", "cur/1700000001.a.host:2,S", "new/1700000002.b.host", "cur/.hidden")
		entries, err := ReadMaildir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Folder+"/"+e.Name)
		}
		want := "cur/1700000001.a.host:2,S new/1700000002.b.host new/1700000003.c.host"
		if strings.Join(got, " ") != want {
			t.Errorf("entries = %q, want %q", got, want)
		}
	})
	t.Run("an entry opens to a message Parse can read", func(t *testing.T) {
		entries, err := ReadMaildir(MustMaildir(t, "new/1.x.host"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := entries[0].Open()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		m, err := Parse(r)
		if err != nil || m.Subject != "new/1.x.host" {
			t.Errorf("Parse = %q, %v", m.Subject, err)
		}
	})
	for _, tt := range []struct {
		name, message string
		dir           func(t *testing.T) string
	}{
		{"a missing folder is refused", "does not exist", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope") }},
		{"a folder without new/ and cur/ is refused", "is not a maildir", func(t *testing.T) string { return t.TempDir() }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadMaildir(tt.dir(t))
			if errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("err = %v, want Invalid saying %q", err, tt.message)
			}
		})
	}
}

func TestMarkSeen(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string
	}{
		{"a new message moves to cur with :2,S", "new/1700000001.a.host", "cur/1700000001.a.host:2,S"},
		{"a message in cur without info gets :2,S", "cur/1700000001.a.host", "cur/1700000001.a.host:2,S"},
		{"a message in cur keeps its flags in order when S is added", "cur/1700000001.a.host:2,FR", "cur/1700000001.a.host:2,FRS"},
		{"a message already seen stays where it is", "cur/1700000001.a.host:2,RS", "cur/1700000001.a.host:2,RS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := MustMaildir(t, tt.file)
			entries, err := ReadMaildir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := entries[0].MarkSeen(); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(dir, tt.want))
			if err != nil {
				t.Fatalf("file not at %s: %v", tt.want, err)
			}
			if !strings.Contains(string(data), tt.file) {
				t.Errorf("wrong file at %s: %q", tt.want, data)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "new", "*")); len(left) != 0 {
				t.Errorf("new/ still holds %q", left)
			}
		})
	}
	t.Run("marking a message that was taken away reports not found", func(t *testing.T) {
		dir := MustMaildir(t, "new/1.x.host")
		entries, _ := ReadMaildir(dir)
		os.Remove(entries[0].Path())
		if err := entries[0].MarkSeen(); errs.KindOf(err) != errs.NotFound {
			t.Errorf("err = %v, want NotFound", err)
		}
		if _, err := entries[0].Open(); errs.KindOf(err) != errs.NotFound {
			t.Errorf("Open err = %v, want NotFound", err)
		}
	})
}
