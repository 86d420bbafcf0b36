package mailin

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// decodeTransfer undoes the Content-Transfer-Encoding. Mail in the wild is
// often slightly broken, so it keeps whatever could be decoded instead of
// failing the whole message.
func decodeTransfer(data []byte, encoding string) []byte {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		return decodeBase64(data)
	case "quoted-printable":
		out, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(data)))
		return out
	default:
		return data
	}
}

// decodeBase64 ignores line breaks, stray characters and missing padding.
func decodeBase64(data []byte) []byte {
	clean := make([]byte, 0, len(data))
	for _, b := range data {
		switch {
		case b >= 'A' && b <= 'Z', b >= 'a' && b <= 'z', b >= '0' && b <= '9', b == '+', b == '/':
			clean = append(clean, b)
		}
	}
	if len(clean)%4 == 1 { // a lone trailing character carries no whole byte
		clean = clean[:len(clean)-1]
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, _ := base64.RawStdEncoding.Decode(out, clean)
	return out[:n]
}

// toUTF8 converts text in the named charset to valid UTF-8. Unknown or
// missing charsets are guessed: UTF-8 when it is valid, else Windows-1252,
// which is what mislabelled Western mail nearly always is.
func toUTF8(data []byte, charset string) string {
	charset = strings.ToLower(strings.TrimSpace(charset))
	switch charset {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "unknown-8bit", "x-unknown":
		if utf8.Valid(data) {
			return string(data)
		}
		if charset == "utf-8" || charset == "utf8" {
			return strings.ToValidUTF8(string(data), "\uFFFD")
		}
		charset = "windows-1252"
	}
	enc, err := htmlindex.Get(charset)
	if err != nil {
		if utf8.Valid(data) {
			return string(data)
		}
		enc = charmap.Windows1252
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// newWordDecoder decodes RFC 2047 encoded words in any charset the web knows.
func newWordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(charset)
		if err != nil {
			return nil, err
		}
		return enc.NewDecoder().Reader(input), nil
	}}
}

// decodeHeader decodes encoded words and repairs raw 8-bit header bytes.
func decodeHeader(value string) string {
	decoded, err := newWordDecoder().DecodeHeader(value)
	if err != nil {
		decoded = value
	}
	return repairHeader(decoded)
}

// repairHeader turns raw 8-bit header bytes, which some mailers still send,
// into UTF-8.
func repairHeader(value string) string {
	if !utf8.ValidString(value) {
		value = toUTF8([]byte(value), "windows-1252")
	}
	return strings.TrimSpace(value)
}
