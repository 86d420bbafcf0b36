package mailin

import (
	"bytes"
	"testing"
)

func TestParseAttachments(t *testing.T) {
	m := MustParseFile(t, "mixed-attachments.eml")
	want := []struct {
		name        string
		filename    string
		contentType string
		data        []byte
		sha256      string
	}{
		{
			name:        "an inline image with a filename inside a nested alternative is kept",
			filename:    "kaart.png",
			contentType: "image/png",
			data:        []byte("\x89PNG\r\n\x1a\nfake png"),
			sha256:      "146dc3735f8b57146ed5c1f7087181b1d13c40766c495d47d22379f2379f40c5",
		},
		{
			name:        "a PDF with an RFC 2047 encoded ISO-8859-1 filename is decoded",
			filename:    "rapport été.pdf",
			contentType: "application/pdf",
			data:        []byte("%PDF-1.4\n% fake report\n%%EOF\n"),
			sha256:      "c4a398a1d9eb37b3bc6b8a9ce8f8abc311aecb340515bba613bf1f06d66c30fd",
		},
		{
			name:        "a JPEG with an RFC 2231 encoded ISO-8859-1 filename is decoded",
			filename:    "stoeptegel café.jpg",
			contentType: "image/jpeg",
			data:        []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00fake jpeg\xff\xd9"),
			sha256:      "8266dc160e0b2314f9f795a5bdef52333eef6846cabb71f0e268ace65cc827d4",
		},
	}
	if len(m.Attachments) != len(want) {
		t.Fatalf("got %d attachments, want %d: %+v", len(m.Attachments), len(want), m.Attachments)
	}
	for i, w := range want {
		t.Run(w.name, func(t *testing.T) {
			a := m.Attachments[i]
			if a.Filename != w.filename || a.ContentType != w.contentType {
				t.Errorf("got %q (%s), want %q (%s)", a.Filename, a.ContentType, w.filename, w.contentType)
			}
			if a.Size != len(w.data) || !bytes.Equal(a.Data, w.data) {
				t.Errorf("size %d, data %q; want size %d", a.Size, a.Data, len(w.data))
			}
			if a.SHA256 != w.sha256 {
				t.Errorf("SHA256 = %s, want %s", a.SHA256, w.sha256)
			}
		})
	}
	t.Run("the text comes from the plain part of the nested alternative", func(t *testing.T) {
		if m.Text != "Zie de foto en het rapport in de bijlage." {
			t.Errorf("Text = %q", m.Text)
		}
	})
}

func TestParseForwardedMessage(t *testing.T) {
	m := MustParseFile(t, "forwarded.eml")
	t.Run("a forwarded message/rfc822 part is kept as an attachment named after its subject", func(t *testing.T) {
		if len(m.Attachments) != 1 {
			t.Fatalf("got %d attachments, want 1", len(m.Attachments))
		}
		a := m.Attachments[0]
		if a.Filename != "Lantaarnpaal omgereden.eml" || a.ContentType != "message/rfc822" {
			t.Errorf("got %q (%s)", a.Filename, a.ContentType)
		}
		if !bytes.Contains(a.Data, []byte("lantaarnpaal omgereden bij de rotonde")) {
			t.Errorf("forwarded message is not kept whole: %q", a.Data)
		}
	})
	t.Run("the forwarded text does not leak into the message text", func(t *testing.T) {
		if m.Text != "Mijn buurman meldde dit al bij mij, zie het doorgestuurde bericht." {
			t.Errorf("Text = %q", m.Text)
		}
	})
}

func TestAttachmentName(t *testing.T) {
	tests := []struct {
		name        string
		disposition string
		contentType string
		want        string
	}{
		{"a plain quoted filename is used as it is", `attachment; filename="foto.jpg"`, "image/jpeg", "foto.jpg"},
		{"an RFC 2231 UTF-8 filename is decoded", `attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`, "application/pdf", "résumé.pdf"},
		{"RFC 2231 continuations in ISO-8859-1 are joined and decoded", `attachment; filename*0*=iso-8859-1''caf%E9; filename*1*=%20menu; filename*2=".pdf"`, "application/pdf", "café menu.pdf"},
		{"the name parameter of Content-Type is the fallback", `inline`, `image/png; name="plattegrond.png"`, "plattegrond.png"},
		{"a path in the filename is dropped", `attachment; filename="../../etc/passwd"`, "text/plain", "passwd"},
		{"a Windows path in the filename is dropped", `attachment; filename="C:\\Users\\jan\\foto.jpg"`, "image/jpeg", "foto.jpg"},
		{"an unquoted filename with spaces is still read", `attachment; filename=mijn foto.jpg`, "image/jpeg", "mijn foto.jpg"},
		{"a part without any filename has none", `attachment`, "application/pdf", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := map[string][]string{"Content-Disposition": {tt.disposition}, "Content-Type": {tt.contentType}}
			_, params := contentType(tt.contentType)
			if got := attachmentName(header, params); got != tt.want {
				t.Errorf("attachmentName = %q, want %q", got, tt.want)
			}
		})
	}
}
