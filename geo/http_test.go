package geo

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

func serveGeo(t *testing.T, target string) (int, map[string]any) {
	t.Helper()
	r := chi.NewRouter()
	NewGeocoder(demoCity(t)).Routes(r)
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s: body %q: %v", target, w.Body.String(), err)
	}
	return w.Code, body
}

func TestTheGeocodeEndpointAnswersJSON(t *testing.T) {
	code, body := serveGeo(t, "/api/geocode?q="+url.QueryEscape("Grote Markt 1, 8500 Kortrijk")+"&limit=3")
	cs, _ := body["candidates"].([]any)
	if code != http.StatusOK || len(cs) == 0 {
		t.Fatalf("%d %v", code, body)
	}
	if first := cs[0].(map[string]any); first["street_nl"] != "Grote Markt" {
		t.Errorf("first candidate %v", first)
	}
}

func TestBadInputIs400WithAMessage(t *testing.T) {
	for _, target := range []string{
		"/api/geocode",
		"/api/geocode?q=Leiestraat&limit=x",
		"/api/geocode?q=Leiestraat&limit=500",
		"/api/reverse?lat=50.8",
		"/api/reverse?lon=abc&lat=50.8",
		"/api/reverse?lon=NaN&lat=50.8",
		"/api/reverse?lon=3.26&lat=95",
		"/api/reverse?lon=50.8281&lat=3.2649",
		"/api/reverse?lon=3.26&lat=50.8&radius=-1",
	} {
		code, body := serveGeo(t, target)
		e, _ := body["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if code != http.StatusBadRequest || msg == "" || strings.Contains(msg, "something went wrong") {
			t.Errorf("%s: %d %v", target, code, body)
		}
	}
}

func TestTheReverseEndpointFindsAnAddress(t *testing.T) {
	a := addressWhere(t, `box = '' AND house_number = '3'`)
	code, body := serveGeo(t, "/api/reverse?lon="+coord(a.lon)+"&lat="+coord(a.lat))
	addr, _ := body["address"].(map[string]any)
	if code != http.StatusOK || addr == nil || addr["street_nl"] != a.street || body["inside"] != true {
		t.Errorf("%d %v", code, body)
	}
}
