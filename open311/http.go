package open311

import (
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/auth"
	"loket/ticketing"
)

// API serves Open311 GeoReport v2 over the ticket desk.
type API struct {
	pool    *pgxpool.Pool
	tickets *ticketing.Service
	keys    *auth.Store
	limits  *limiter
	served  *geo.Served
}

// New returns the API; tickets it creates go through tickets.
func New(pool *pgxpool.Pool, tickets *ticketing.Service) *API {
	return &API{pool: pool, tickets: tickets, keys: auth.NewStore(pool), limits: newLimiter(), served: geo.NewServed(pool)}
}

// Routes mounts /open311/discovery.json and /open311/v2/….
func (a *API) Routes(r chi.Router) {
	r.Get("/open311/discovery.{name}", a.discovery)
	r.Route("/open311/v2", func(r chi.Router) {
		r.Use(a.limit)
		r.Get("/services.{fmt}", a.listServices)
		r.Get("/services/{name}", a.serviceDefinition)
		r.Get("/requests.{fmt}", a.listRequests)
		r.Post("/requests.{fmt}", a.createRequest)
		r.Get("/requests/{name}", a.getRequest)
		r.Get("/tokens/{name}", a.getToken)
	})
}

// listed reads a list route ending in .{fmt}: its format and the served
// municipality; on false the error is written.
func (a *API) listed(w http.ResponseWriter, r *http.Request) (format, int, bool) {
	f, ok := formatOf(w, r)
	if !ok {
		return "", 0, false
	}
	m, ok := a.municipality(w, r, f)
	return f, m, ok
}

// formatOf reads the format of a route ending in .{fmt}.
func formatOf(w http.ResponseWriter, r *http.Request) (format, bool) {
	switch f := format(chi.URLParam(r, "fmt")); f {
	case formatJSON, formatXML:
		return f, true
	}
	fail(w, r, formatJSON, http.StatusNotFound, "unknown format: use .json or .xml")
	return "", false
}

// municipality checks jurisdiction_id (the NIS code, optional with one
// municipality) and returns the served one.
func (a *API) municipality(w http.ResponseWriter, r *http.Request, f format) (int, bool) {
	m, err := a.served.ID(r.Context())
	if err != nil {
		fail(w, r, f, http.StatusServiceUnavailable, "no municipality is served yet")
		return 0, false
	}
	if j := r.FormValue("jurisdiction_id"); j != "" {
		var ok bool
		if err := a.pool.QueryRow(r.Context(), `SELECT EXISTS (SELECT FROM municipality WHERE id = $1 AND nis_code = $2)`, m, j).Scan(&ok); err != nil || !ok {
			fail(w, r, f, http.StatusNotFound, "jurisdiction_id "+j+" is not served here")
			return 0, false
		}
	}
	return m, true
}

func lang(r *http.Request) string { return ticketing.Language(r.FormValue("lang")) }

func (a *API) listServices(w http.ResponseWriter, r *http.Request) {
	f, m, ok := a.listed(w, r)
	if !ok {
		return
	}
	ss, err := services(r.Context(), a.pool, m, lang(r), "")
	if err != nil {
		fail(w, r, f, http.StatusInternalServerError, "the services could not be read")
		return
	}
	if f == formatXML {
		write(w, http.StatusOK, f, serviceList{Services: ss})
		return
	}
	write(w, http.StatusOK, f, ss)
}

// named reads a route ending in /{name}.{json,xml}: the name, the format
// and the served municipality; on false the error is written.
func (a *API) named(w http.ResponseWriter, r *http.Request) (string, format, int, bool) {
	name, f, ok := split(chi.URLParam(r, "name"))
	if !ok {
		fail(w, r, formatJSON, http.StatusNotFound, "unknown format: use .json or .xml")
		return "", "", 0, false
	}
	m, ok := a.municipality(w, r, f)
	return name, f, m, ok
}

func (a *API) serviceDefinition(w http.ResponseWriter, r *http.Request) {
	code, f, m, ok := a.named(w, r)
	if !ok {
		return
	}
	ss, err := services(r.Context(), a.pool, m, lang(r), code)
	switch {
	case err != nil:
		fail(w, r, f, http.StatusInternalServerError, "the service could not be read")
	case len(ss) == 0:
		fail(w, r, f, http.StatusNotFound, "service_code "+code+" does not exist")
	default:
		defs, err := a.tickets.AttributeDefs(r.Context(), m, code)
		if err != nil {
			fail(w, r, f, http.StatusInternalServerError, "the service could not be read")
			return
		}
		write(w, http.StatusOK, f, definition{Code: code, Attributes: attributes(defs, lang(r))})
	}
}

// discoveryDoc tells clients where the API lives.
type discoveryDoc struct {
	XMLName   xml.Name   `json:"-" xml:"discovery"`
	Changeset string     `json:"changeset" xml:"changeset"`
	Contact   string     `json:"contact" xml:"contact"`
	KeyURL    string     `json:"key_service" xml:"key_service"`
	Endpoints []endpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

type endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

func (a *API) discovery(w http.ResponseWriter, r *http.Request) {
	_, f, ok := split("discovery." + chi.URLParam(r, "name"))
	if !ok {
		fail(w, r, formatJSON, http.StatusNotFound, "unknown format: use .json or .xml")
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	base := scheme + "://" + r.Host
	write(w, http.StatusOK, f, discoveryDoc{
		Changeset: "2026-11-27T00:00:00Z", Contact: "1777, the city's front desk",
		KeyURL: "ask the city for an api_key (loket apikey create NAME)",
		Endpoints: []endpoint{{Specification: "http://wiki.open311.org/GeoReport_v2", URL: base + "/open311/v2",
			Changeset: "2026-11-27T00:00:00Z", Type: "production", Formats: []string{"application/json", "text/xml"}}},
	})
}

// trimList splits a comma list, dropping empty items.
func trimList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// attributes are a category's questions in lang, as the spec lists them.
func attributes(defs []ticketing.AttributeDef, lang string) []attribute {
	out := []attribute{}
	for _, d := range defs {
		a := attribute{Variable: true, Code: d.Code, Datatype: d.Datatype, Required: d.Required, Order: d.Order,
			Description: named(d.Description, lang), DatatypeDescription: datatypeText[d.Datatype], Values: []value{}}
		for _, v := range d.Values {
			a.Values = append(a.Values, value{Key: v.Key, Name: named(v.Name, lang)})
		}
		out = append(out, a)
	}
	return out
}

func named(names map[string]string, lang string) string {
	if n := names[lang]; n != "" {
		return n
	}
	return names["nl"]
}

var datatypeText = map[string]string{
	"number": "a number", "datetime": "a W3C date-time", "singlevaluelist": "one of the values' keys",
	"multivaluelist": "one or more of the values' keys, as attribute[code][]",
}
