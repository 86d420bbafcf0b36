package server

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"loket/internal/errs"
	"loket/internal/httpx"
)

// maxBodyBytes bounds every request body. The largest Loket takes, a
// posted weather forecast or a ticket with a long description, fit well
// under it; imports run from the command line, not over HTTP.
const maxBodyBytes = 1 << 20

// limitBody answers 413 at once to a body announced larger than
// maxBodyBytes, before anyone reads it, and cuts off one that grows past
// it unannounced, so no handler reads more.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBodyBytes {
			httpx.Error(w, r, httpx.BodyReadError(&http.MaxBytesError{Limit: maxBodyBytes}))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// cleanText refuses with 400 a path, query, form or JSON body that is
// not UTF-8 or holds a NUL, and JSON nested deeper than httpx.MaxJSONDepth.
// PostgreSQL keeps text as UTF-8 without NULs, so such input would
// otherwise fail deep inside a query, as a 500; checking here covers every
// route, whichever decoder it uses.
func cleanText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		form, err := checkBody(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if where := badText(r, form); where != "" {
			httpx.WriteStatus(w, r, http.StatusBadRequest, where+" is not valid UTF-8 text: send UTF-8, without NUL characters")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkBody reads the body of a POST, PUT or PATCH and puts it back for
// the handler. A JSON body (one that opens an object or an array) is
// checked; a form body's fields are returned for badText.
func checkBody(r *http.Request) (url.Values, error) {
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return nil, nil
	}
	b, err := io.ReadAll(r.Body) // at most maxBodyBytes
	if err != nil {
		return nil, httpx.BodyReadError(err)
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	media, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var form url.Values
	switch trimmed := bytes.TrimSpace(b); {
	case media == "multipart/form-data":
		var mf *multipart.Form
		if mf, err = multipart.NewReader(bytes.NewReader(b), params["boundary"]).ReadForm(maxBodyBytes); err == nil {
			form = mf.Value
			_ = mf.RemoveAll()
		}
	case media == "application/x-www-form-urlencoded":
		form, err = url.ParseQuery(string(b))
	case len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '['):
		return nil, httpx.CheckJSON(b)
	}
	if err != nil {
		return nil, errs.E(errs.Invalid, "the form in the body cannot be read as %s", media)
	}
	return form, nil
}

// badText names the part of r that is not clean text, or is "".
func badText(r *http.Request, form url.Values) string {
	if !clean(r.URL.Path) {
		return "the path"
	}
	q, _ := url.ParseQuery(r.URL.RawQuery) // what it cannot parse, no handler sees either
	if !cleanValues(q) {
		return "a query parameter"
	}
	if !cleanValues(form) {
		return "a form field"
	}
	return ""
}

func cleanValues(vs url.Values) bool {
	for k, list := range vs {
		if !clean(k) {
			return false
		}
		for _, v := range list {
			if !clean(v) {
				return false
			}
		}
	}
	return true
}

func clean(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
