package mailin

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"loket/internal/errs"
)

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name    string
		raw     []byte
		message string // part of the error message; empty when Parse must succeed
	}{
		{"a message over 25 MiB is refused", oversizedMessage(), "larger than 25 MiB"},
		{"a message with 51 attachments is refused", messageWithAttachments(51), "more than 50 attachments"},
		{"a message with 50 attachments is accepted", messageWithAttachments(50), ""},
		{"parts nested 11 levels deep are refused", nestedMessage(11), "nested more than 10 levels"},
		{"parts nested 10 levels deep are accepted", nestedMessage(10), ""},
		{"headers over 1 MiB are refused", []byte("To: " + strings.Repeat("a@example.nl, ", 80000) + "\n\nhallo"), "headers are larger than 1 MiB"},
		{"an empty input is refused", nil, "headers cannot be read"},
		{"text without headers is refused", []byte("just some words\nand more\n"), "headers cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(bytes.NewReader(tt.raw))
			if tt.message == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if errs.KindOf(err) != errs.Invalid {
				t.Errorf("kind = %v, want Invalid", errs.KindOf(err))
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
		})
	}
}

func TestParseSurvivesBrokenMessages(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		text string
	}{
		{"a multipart without its closing boundary keeps its parts", "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhallo\n--b\nContent-Type: text/plain\n\nwere", "hallo\n\nwere"},
		{"a multipart without a boundary is read as text", "Content-Type: multipart/mixed\n\nhallo", "hallo"},
		{"broken base64 decodes what it can", "Content-Transfer-Encoding: base64\n\naGFsbG8gd2VyZWxk!!!=\n=", "hallo wereld"},
		{"an unknown charset falls back to Windows-1252", "Content-Type: text/plain; charset=x-klingon\n\ncaf\xe9", "café"},
		{"invalid UTF-8 is repaired", "Content-Type: text/plain; charset=utf-8\n\nab\xffcd", "ab\uFFFDcd"},
		{"an unreadable Content-Type means plain text", "Content-Type: ???\n\nhallo", "hallo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mustParseBytes(t, []byte(tt.raw))
			if m.Text != tt.text {
				t.Errorf("Text = %q, want %q", m.Text, tt.text)
			}
		})
	}
}

func oversizedMessage() []byte {
	return append([]byte("Subject: big\n\n"), bytes.Repeat([]byte("x"), MaxMessageSize)...)
}

func messageWithAttachments(n int) []byte {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=b\n\n")
	for i := range n {
		fmt.Fprintf(&b, "--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"f%d.pdf\"\n\n%%PDF\n", i)
	}
	b.WriteString("--b--\n")
	return []byte(b.String())
}

// nestedMessage wraps a text part in depth multiparts.
func nestedMessage(depth int) []byte {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=b1\n\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "--b%d\n", i)
		if i < depth {
			fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=b%d\n\n", i+1)
		}
	}
	b.WriteString("Content-Type: text/plain\n\ndeep\n")
	for i := depth; i >= 1; i-- {
		fmt.Fprintf(&b, "--b%d--\n", i)
	}
	return []byte(b.String())
}
