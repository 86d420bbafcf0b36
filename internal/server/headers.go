package server

import (
	"net/http"
	"strings"
)

// contentSecurityPolicy lets pages load scripts, styles, images and
// workers from Loket itself only: no inline script or style, no other
// site. MapLibre's CSP build runs its worker from
// /static/vendor/maplibre-gl/maplibre-gl-csp-worker.js (worker-src
// 'self') and draws icons from data: and blob: URLs (img-src).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; child-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// hstsMaxAge keeps browsers on HTTPS for a year once they saw it.
const hstsMaxAge = "max-age=31536000"

// securityHeaders sets the headers every answer carries; a handler may
// still override one for its own answer. Over HTTPS it also asks the
// browser to stay on HTTPS and marks every cookie Secure, including the
// cookies of handlers that only look at r.TLS and so miss a proxy that
// ended TLS.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if overHTTPS(r) {
			h.Set("Strict-Transport-Security", hstsMaxAge)
			w = &secureCookies{ResponseWriter: w}
		}
		next.ServeHTTP(w, r)
	})
}

// overHTTPS reports whether the browser reached Loket over HTTPS: directly,
// or through a proxy that says so in X-Forwarded-Proto. Believing the
// header from anyone is safe here: a forged one only makes cookies Secure
// (a browser on plain HTTP then drops them) and sends an HSTS header that
// browsers ignore on plain HTTP.
func overHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// secureCookies adds the Secure attribute to every cookie set, just before
// the headers go out.
type secureCookies struct {
	http.ResponseWriter
	sent bool
}

func (w *secureCookies) markSecure() {
	if w.sent {
		return
	}
	w.sent = true
	cookies := w.Header()["Set-Cookie"]
	for i, c := range cookies {
		if !hasSecure(c) {
			cookies[i] = c + "; Secure"
		}
	}
}

func hasSecure(setCookie string) bool {
	for _, attr := range strings.Split(setCookie, ";")[1:] {
		if strings.EqualFold(strings.TrimSpace(attr), "Secure") {
			return true
		}
	}
	return false
}

func (w *secureCookies) WriteHeader(status int) {
	w.markSecure()
	w.ResponseWriter.WriteHeader(status)
}

func (w *secureCookies) Write(b []byte) (int, error) {
	w.markSecure()
	return w.ResponseWriter.Write(b)
}

// Flush sends the headers too, so it marks the cookies first.
func (w *secureCookies) Flush() {
	w.markSecure()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the writer's other abilities
// (write deadlines, for the streaming exports).
func (w *secureCookies) Unwrap() http.ResponseWriter { return w.ResponseWriter }
