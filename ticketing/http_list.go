package ticketing

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/errs"
)

// handleList reads a Filter from the query string.
func (s *Service) handleList(r *http.Request) (any, error) {
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.List(r.Context(), auth.From(r.Context()).MunicipalityID, f)
}

// ParseFilter reads the list's query parameters (status, category, team,
// assignee, neighbourhood, bbox, created_from/to, updated_from/to, q,
// cursor, limit) into a Filter; other readers of the tickets (the
// exports) take the same parameters through it.
func ParseFilter(q url.Values) (Filter, error) {
	f := Filter{Category: q.Get("category"), Team: q.Get("team"), Neighbourhood: q.Get("neighbourhood"),
		Text: q.Get("q"), Cursor: q.Get("cursor")}
	for _, st := range strings.Split(q.Get("status"), ",") {
		if st = strings.TrimSpace(st); st != "" {
			f.Status = append(f.Status, Status(st))
		}
	}
	var err error
	if f.AssigneeID, err = intParam(q.Get("assignee"), "assignee"); err != nil {
		return f, err
	}
	if f.Limit, err = intParam(q.Get("limit"), "limit"); err != nil {
		return f, err
	}
	if q.Get("limit") != "" && f.Limit == 0 {
		return f, errs.E(errs.Invalid, "limit must be 1 to 500")
	}
	if b := q.Get("bbox"); b != "" {
		parts := strings.Split(b, ",")
		var box [4]float64
		if len(parts) != 4 {
			return f, errs.E(errs.Invalid, "bbox must be four numbers: west,south,east,north")
		}
		for i, p := range parts {
			if box[i], err = strconv.ParseFloat(strings.TrimSpace(p), 64); err != nil {
				return f, errs.E(errs.Invalid, "bbox must be four numbers: west,south,east,north")
			}
		}
		f.BBox = &box
	}
	for _, t := range []struct {
		name string
		to   **time.Time
	}{{"created_from", &f.CreatedFrom}, {"created_to", &f.CreatedTo}, {"updated_from", &f.UpdatedFrom}, {"updated_to", &f.UpdatedTo}} {
		if *t.to, err = timeParam(q.Get(t.name), t.name); err != nil {
			return f, err
		}
	}
	return f, nil
}

func intParam(s, name string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errs.E(errs.Invalid, "%s must be a whole number", name)
	}
	return n, nil
}

// timeParam takes a date (2026-11-27, in the city's time) or an RFC 3339 time.
func timeParam(s, name string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, cityTime); err == nil {
		return &t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, errs.E(errs.Invalid, "%s must be a date like 2026-11-27 or a time like 2026-11-27T10:00:00+01:00", name)
	}
	return &t, nil
}
