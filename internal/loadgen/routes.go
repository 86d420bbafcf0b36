package loadgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"

	"loket/internal/auth"
)

// route is one kind of request in the mix, weighted by how often a
// working day sends it.
type route struct {
	name   string
	weight int
	build  func(w *Workload, base string, rnd *rand.Rand, n uint64) *http.Request
}

// mix is a desk's day in proportion: the map and the staff's lists most,
// then citizens following their tickets, intake, and Open311 clients.
var mix = []route{
	{"portal page", 6, func(w *Workload, base string, _ *rand.Rand, _ uint64) *http.Request {
		r := get(base + "/mijn")
		r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: w.citizen})
		return r
	}},
	{"portal API", 6, func(w *Workload, base string, _ *rand.Rand, _ uint64) *http.Request {
		return bearer(get(base+"/api/my/tickets"), w.citizen)
	}},
	{"staff list", 14, func(w *Workload, base string, _ *rand.Rand, _ uint64) *http.Request {
		return bearer(get(base+"/api/tickets?status=new,triaged,assigned,in_progress&limit=50&team="+url.QueryEscape(w.team)), w.staff)
	}},
	{"staff search", 8, func(w *Workload, base string, rnd *rand.Rand, _ uint64) *http.Request {
		return bearer(get(base+"/api/tickets?limit=50&q="+url.QueryEscape(w.words[rnd.IntN(len(w.words))])), w.staff)
	}},
	{"intake", 12, func(w *Workload, base string, rnd *rand.Rand, n uint64) *http.Request {
		p := w.places[rnd.IntN(len(w.places))]
		body, _ := json.Marshal(map[string]any{
			"category": w.categories[rnd.IntN(len(w.categories))], "description": fmt.Sprintf("Melding %d uit de belastingsproef", n),
			"where":    map[string]any{"point": map[string]any{"x": p[0], "y": p[1]}},
			"reporter": map[string]any{"name": "Belastingsproef", "email": fmt.Sprintf("load-%d@example.invalid", n)}})
		r, _ := http.NewRequest("POST", base+"/api/tickets", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Idempotency-Key", fmt.Sprintf("load-%d-%d", w.clientID, n))
		return bearer(r, w.client)
	}},
	{"tiles", 40, func(w *Workload, base string, rnd *rand.Rand, _ uint64) *http.Request {
		p := w.places[rnd.IntN(len(w.places))]
		z := 10 + rnd.IntN(8) // 10–17: the city whole to one street
		x, y := tileOf(p[0], p[1], z)
		return get(fmt.Sprintf("%s/tiles/tickets/%d/%d/%d.mvt", base, z, x, y))
	}},
	{"open311 read", 10, func(w *Workload, base string, rnd *rand.Rand, _ uint64) *http.Request {
		return get(base + "/open311/v2/requests.json?service_code=" + url.QueryEscape(w.categories[rnd.IntN(len(w.categories))]))
	}},
	{"open311 post", 4, func(w *Workload, base string, rnd *rand.Rand, n uint64) *http.Request {
		p := w.places[rnd.IntN(len(w.places))]
		form := url.Values{"api_key": {w.client}, "service_code": {w.categories[rnd.IntN(len(w.categories))]},
			"lat": {fmt.Sprint(p[1])}, "long": {fmt.Sprint(p[0])}, "description": {fmt.Sprintf("Open311-melding %d uit de belastingsproef", n)},
			"email": {fmt.Sprintf("load311-%d@example.invalid", n)}}
		r, _ := http.NewRequest("POST", base+"/open311/v2/requests.json", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}},
}

func get(u string) *http.Request {
	r, _ := http.NewRequest("GET", u, nil)
	return r
}

func bearer(r *http.Request, token string) *http.Request {
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}
