package open311

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// window is how far back a list reaches without dates, as the spec says.
const window = 90 * 24 * time.Hour

func (a *API) listRequests(w http.ResponseWriter, r *http.Request) {
	f, m, ok := a.listed(w, r)
	if !ok {
		return
	}
	q, problem := parseQuery(r)
	if problem != "" {
		fail(w, r, f, http.StatusBadRequest, problem)
		return
	}
	a.answer(w, r, f, m, q)
}

func (a *API) getRequest(w http.ResponseWriter, r *http.Request) {
	id, f, m, ok := a.named(w, r)
	if !ok {
		return
	}
	q := query{ids: []string{id}, page: 1, pageSize: 1, lang: lang(r), extensions: r.FormValue("extensions") == "true"}
	rs, err := requests(r.Context(), a.pool, m, q)
	switch {
	case err != nil:
		fail(w, r, f, http.StatusInternalServerError, "the request could not be read")
	case len(rs) == 0:
		fail(w, r, f, http.StatusNotFound, "service_request_id "+id+" does not exist")
	default:
		a.writeRequests(w, f, rs)
	}
}

// getToken finds the request a token stands for. Requests are created at
// once, so their token is their id.
func (a *API) getToken(w http.ResponseWriter, r *http.Request) {
	token, f, m, ok := a.named(w, r)
	if !ok {
		return
	}
	rs, err := requests(r.Context(), a.pool, m, query{ids: []string{token}, page: 1, pageSize: 1, lang: "nl"})
	switch {
	case err != nil:
		fail(w, r, f, http.StatusInternalServerError, "the token could not be read")
	case len(rs) == 0:
		fail(w, r, f, http.StatusNotFound, "token "+token+" does not exist")
	default:
		out := []created{{ID: rs[0].ID, Token: token}}
		if f == formatXML {
			write(w, http.StatusOK, f, createdList{Requests: out})
			return
		}
		write(w, http.StatusOK, f, out)
	}
}

func (a *API) answer(w http.ResponseWriter, r *http.Request, f format, m int, q query) {
	rs, err := requests(r.Context(), a.pool, m, q)
	if err != nil {
		fail(w, r, f, http.StatusInternalServerError, "the requests could not be read")
		return
	}
	a.writeRequests(w, f, rs)
}

func (a *API) writeRequests(w http.ResponseWriter, f format, rs []request) {
	if rs == nil {
		rs = []request{}
	}
	if f == formatXML {
		write(w, http.StatusOK, f, requestList{Requests: rs})
		return
	}
	write(w, http.StatusOK, f, rs)
}

// parseQuery reads the spec's filters and the common extensions; the
// second result says what is wrong, for a 400.
func parseQuery(r *http.Request) (query, string) {
	q := query{ids: trimList(r.FormValue("service_request_id")), codes: trimList(r.FormValue("service_code")),
		status: r.FormValue("status"), page: 1, pageSize: 50, lang: lang(r), extensions: r.FormValue("extensions") == "true"}
	for _, t := range []struct {
		name string
		to   **time.Time
	}{{"start_date", &q.from}, {"end_date", &q.to}, {"updated_after", &q.updatedAfter}, {"updated_before", &q.updBefor}} {
		if v := r.FormValue(t.name); v != "" {
			at, err := parseTime(v)
			if err != nil {
				return q, t.name + " must be a W3C date-time such as 2026-11-27T10:00:00+01:00"
			}
			*t.to = &at
		}
	}
	if q.status != "" && q.status != "open" && q.status != "closed" {
		return q, "status must be open or closed"
	}
	if q.from != nil && q.to != nil && q.to.Before(*q.from) {
		return q, "end_date is before start_date"
	}
	if len(q.ids) == 0 && q.from == nil && q.to == nil && q.updatedAfter == nil && q.updBefor == nil {
		from := time.Now().Add(-window)
		q.from = &from
	}
	var err error
	if v := r.FormValue("page"); v != "" {
		if q.page, err = strconv.Atoi(v); err != nil || q.page < 1 || q.page > 100000 {
			return q, "page must be a whole number from 1"
		}
	}
	if v := r.FormValue("page_size"); v != "" {
		if q.pageSize, err = strconv.Atoi(v); err != nil || q.pageSize < 1 || q.pageSize > 1000 {
			return q, "page_size must be 1 to 1000"
		}
	}
	if lat, long := r.FormValue("lat"), r.FormValue("long"); lat != "" || long != "" {
		n, problem := numbers([]string{lat, long, r.FormValue("radius")}, "lat, long and radius (metres)")
		if problem != "" {
			return q, problem
		}
		if n[2] == 0 {
			n[2] = 500
		}
		if n[0] < -90 || n[0] > 90 || n[1] < -180 || n[1] > 180 || n[2] <= 0 || n[2] > 50000 {
			return q, "lat must be -90..90, long -180..180 and radius 1..50000 metres"
		}
		q.near = &[3]float64{n[0], n[1], n[2]}
	}
	if v := r.FormValue("bbox"); v != "" {
		n, problem := numbers(strings.Split(v, ","), "bbox as west,south,east,north")
		if problem != "" || len(n) != 4 || !(n[0] < n[2] && n[1] < n[3]) || n[0] < -180 || n[2] > 180 || n[1] < -90 || n[3] > 90 {
			return q, "bbox must be west,south,east,north in degrees"
		}
		q.bbox = &[4]float64{n[0], n[1], n[2], n[3]}
	}
	return q, ""
}

func parseTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, v)
}

// numbers parses decimals; an empty third item (an optional radius) is 0.
func numbers(ss []string, what string) ([]float64, string) {
	out := make([]float64, len(ss))
	for i, s := range ss {
		s = strings.TrimSpace(s)
		if s == "" && i == 2 {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v != v {
			return nil, "give " + what + " as numbers"
		}
		out[i] = v
	}
	return out, ""
}
