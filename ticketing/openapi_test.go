package ticketing_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"loket/internal/server"
)

func TestTheOpenAPIDocumentDescribesEveryAPIRoute(t *testing.T) {
	s := newSite(t)
	code, raw, h := s.raw("GET", "/api/openapi.json", "", nil, nil)
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", code, h.Get("Content-Type"))
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	router := server.New(s.pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil).Router()
	n := 0
	err := chi.Walk(router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if !strings.HasPrefix(route, "/api/") {
			return nil
		}
		n++
		if _, ok := doc.Paths[route][strings.ToLower(method)]; !ok {
			t.Errorf("%s %s is mounted but not described", method, route)
		}
		return nil
	})
	if err != nil || n < 20 {
		t.Fatalf("walked %d API routes: %v", n, err)
	}
}
