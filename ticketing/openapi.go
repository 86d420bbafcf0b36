package ticketing

import (
	_ "embed"
	"net/http"
)

// openAPI describes the JSON API; a test checks it names every route the
// router mounts.
//
//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPI)
}
