package httpx

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"loket/internal/errs"
)

// FuzzDecodeJSON feeds the shared body decoder anything: a refusal is the
// caller's mistake (400, or 413 past the limit), what it accepts is one
// UTF-8 JSON value within the depth and without NUL, and no such value is
// refused.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"category":"put-in-weg","description":"Een put","where":{"point":{"x":3.26,"y":50.82}}}`,
		`[{"day":"2026-12-01","temp_min":-3,"temp_max":2,"precip_mm":0}]`, `"text"`, `12`, ` null `, ``, `{}{}`, `{} `, `{"a":1}]`,
		`{"a":"\u0000"}`, `{"a":"\\u0000"}`, `{"\u0000":1}`, "{\"a\":\"\xff\"}", `{"a":"\ud800"}`,
		strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth),
		strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1),
		`["]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"]`, `{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}`,
	} {
		f.Add([]byte(s))
	}
	const limit = 4096
	f.Fuzz(func(t *testing.T, body []byte) {
		var v any
		err := DecodeJSON(httptest.NewRequest("POST", "/", bytes.NewReader(body)), limit, &v)
		if len(body) > limit {
			if errs.KindOf(err) != errs.TooLarge {
				t.Fatalf("a body of %d bytes gave %v, want 413", len(body), err)
			}
			return
		}
		var plain any
		fine := json.Unmarshal(body, &plain) == nil && utf8.Valid(body) && depth(plain) <= MaxJSONDepth && !hasNUL(plain)
		switch {
		case err != nil && errs.KindOf(err) != errs.Invalid:
			t.Fatalf("refused %q as kind %d: %v", body, errs.KindOf(err), err)
		case err != nil && fine:
			t.Fatalf("refused %q, which is fine JSON: %v", body, err)
		case err == nil && !fine:
			t.Fatalf("accepted %q", body)
		}
	})
}

// depth counts the arrays and objects around the deepest value.
func depth(v any) int {
	most := 0
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			most = max(most, depth(e))
		}
	case map[string]any:
		for _, e := range v {
			most = max(most, depth(e))
		}
	default:
		return 0
	}
	return most + 1
}

func hasNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, 0)
	case []any:
		for _, e := range v {
			if hasNUL(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.ContainsRune(k, 0) || hasNUL(e) {
				return true
			}
		}
	}
	return false
}
