package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"

	"loket/internal/errs"
)

// MaxJSONDepth bounds how deeply a request's JSON may nest. Loket's bodies
// nest three or four levels; thousands would only cost the decoder's stack.
const MaxJSONDepth = 32

// DecodeJSON reads r's body, one JSON value of at most limit bytes, into v.
// A body that is too large, not UTF-8, nested too deeply, holding a NUL
// (which no text column takes), carrying fields v lacks or more than one
// value is refused with a message the caller can act on.
func DecodeJSON(r *http.Request, limit int64, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	if err != nil {
		return BodyReadError(err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return errs.E(errs.Invalid, "the body is empty: send JSON")
	}
	if err := CheckJSON(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errs.E(errs.Invalid, "the body is not the JSON this route takes: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errs.E(errs.Invalid, "the body holds more than one JSON value: send one")
	}
	return nil
}

// BodyReadError says why a body could not be read: 413 when it passed a
// byte limit, 400 when the client broke off.
func BodyReadError(err error) error {
	if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
		return errs.E(errs.TooLarge, "the body is larger than %s", byteSize(tooBig.Limit))
	}
	return errs.Wrap(err, errs.Invalid, "the body could not be read to its end")
}

// CheckJSON refuses JSON text that is not UTF-8, nests deeper than
// MaxJSONDepth or holds \u0000; it does not check the syntax otherwise.
func CheckJSON(b []byte) error {
	if !utf8.Valid(b) {
		return errs.E(errs.Invalid, "the body is not valid UTF-8")
	}
	depth, inString, escaped := 0, false, false
	for i, c := range b {
		switch {
		case escaped:
			escaped = false
			if c == 'u' && bytes.HasPrefix(b[i+1:], []byte("0000")) {
				return errs.E(errs.Invalid, `the body holds a NUL character (\u0000), which no text may hold`)
			}
		case inString:
			switch c {
			case '\\':
				escaped = true
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > MaxJSONDepth {
				return errs.E(errs.Invalid, "the body's JSON nests deeper than %d levels", MaxJSONDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// byteSize writes n as people read it: 1 MiB, 4 KiB or 300 bytes.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
