package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"mime"
	"net/http"
)

// CSRFHeader carries the CSRF token handed out at sign-in. A browser sends
// the session cookie along with requests another site forges, but that
// site cannot read the token to put it in this header.
const CSRFHeader = "X-CSRF-Token"

// CSRFField carries the same token in a form's hidden field, so the pages'
// forms work without JavaScript.
const CSRFField = "csrf_token"

// openPaths need no session, so a cookie failing the CSRF check there is
// ignored instead of refused: signing in again must work with a stale or
// foreign cookie in the browser.
var openPaths = map[string]bool{
	"/api/login":            true,
	"/api/citizen/login":    true,
	"/api/citizen/register": true,
	"/api/citizen/verify":   true,
}

// needsCSRF reports whether r changes state on the strength of the cookie
// alone. A bearer header is never sent by a browser on its own, so requests
// carrying one are exempt.
func needsCSRF(r *http.Request, fromCookie bool) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return fromCookie
}

// csrfMatches compares the token's hash with the session's in constant
// time; a session without a CSRF hash matches nothing. The token comes from
// the header or, for a plain form, from its hidden field.
func csrfMatches(r *http.Request, want []byte) bool {
	got := r.Header.Get(CSRFHeader)
	if got == "" && isForm(r) {
		got = r.PostFormValue(CSRFField)
	}
	if got == "" || len(want) != sha256.Size {
		return false
	}
	sum := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(sum[:], want) == 1
}

// isForm reports whether r's body is a form a browser posts without script.
func isForm(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data"
}
