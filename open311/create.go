package open311

import (
	"net/http"
	"strconv"
	"strings"

	"loket/geo"
	"loket/internal/errs"
	"loket/internal/httpx"
	"loket/ticketing"
)

// createRequest files a ticket from the spec's form fields, as the
// machine client whose api_key it carries. It is placed through geo and
// routed like any ticket; the reporter hears of it by e-mail.
func (a *API) createRequest(w http.ResponseWriter, r *http.Request) {
	f, ok := formatOf(w, r)
	if !ok {
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		fail(w, r, f, http.StatusBadRequest, "the body must be form-encoded, as the spec says")
		return
	}
	p, err := a.keys.Principal(r.Context(), r.FormValue("api_key"))
	if err != nil {
		fail(w, r, f, http.StatusServiceUnavailable, "the api_key cannot be checked right now")
		return
	}
	if !p.IsClient() {
		fail(w, r, f, http.StatusForbidden, "api_key is missing or not valid")
		return
	}
	if !a.limits.allow("key:"+strconv.Itoa(p.ClientID), postsPerMinute) {
		fail(w, r, f, http.StatusTooManyRequests, "too many requests with this api_key; wait a minute")
		return
	}
	if _, ok := a.municipality(w, r, f); !ok {
		return
	}
	in, problem := newTicket(r)
	if problem != "" {
		fail(w, r, f, http.StatusBadRequest, problem)
		return
	}
	t, err := a.tickets.Create(r.Context(), p, in)
	if err != nil {
		fail(w, r, f, httpx.Status(err), errs.MessageOf(err))
		return
	}
	days := 0
	if t.DueAt != nil {
		days = int(t.DueAt.Sub(t.CreatedAt).Hours()/24 + 0.5)
	}
	out := []created{{ID: t.Reference, ServiceNotice: targetText(lang(r), days), AccountID: r.FormValue("account_id")}}
	if f == formatXML {
		write(w, http.StatusCreated, f, createdList{Requests: out})
		return
	}
	write(w, http.StatusCreated, f, out)
}

// newTicket maps the form to a ticket; the second result says what is
// missing or wrong.
func newTicket(r *http.Request) (ticketing.NewTicket, string) {
	in := ticketing.NewTicket{Channel: ticketing.ChannelAPI, Category: r.FormValue("service_code"),
		Description: r.FormValue("description"), Language: lang(r)}
	if in.Category == "" {
		return in, "service_code is required"
	}
	lat, long := r.FormValue("lat"), r.FormValue("long")
	switch {
	case lat != "" || long != "":
		n, problem := numbers([]string{lat, long}, "lat and long")
		if problem != "" {
			return in, problem
		}
		in.Where.Point = &geo.Point{X: n[1], Y: n[0]}
	case r.FormValue("address_id") != "":
		id, err := strconv.ParseInt(r.FormValue("address_id"), 10, 64)
		if err != nil || id < 1 {
			return in, "address_id must be the id of an address of the register"
		}
		in.Where.AddressID = id
	case strings.TrimSpace(r.FormValue("address_string")) != "":
		in.Where.Text = r.FormValue("address_string")
	default:
		return in, "a location is required: lat and long, address_string or address_id"
	}
	if strings.TrimSpace(in.Description) == "" {
		in.Description = "(" + in.Category + ")"
	}
	in.MediaURL = r.FormValue("media_url")
	in.Attributes = formAttributes(r.Form)
	name := strings.TrimSpace(r.FormValue("first_name") + " " + r.FormValue("last_name"))
	rep := &ticketing.NewReporter{Name: name, Email: r.FormValue("email"), Phone: r.FormValue("phone")}
	if rep.Name == "" && rep.Email == "" && rep.Phone == "" {
		rep = &ticketing.NewReporter{Anonymous: true}
	}
	in.Reporter = rep
	return in, ""
}

// formAttributes reads attribute[code] (one value) and attribute[code][]
// (a multivaluelist) from the form.
func formAttributes(form map[string][]string) map[string]any {
	out := map[string]any{}
	for k, vs := range form {
		if !strings.HasPrefix(k, "attribute[") || len(vs) == 0 {
			continue
		}
		code, list := strings.TrimPrefix(k, "attribute["), false
		if strings.HasSuffix(code, "][]") {
			code, list = strings.TrimSuffix(code, "][]"), true
		} else {
			code = strings.TrimSuffix(code, "]")
		}
		if list || len(vs) > 1 {
			out[code] = vs
		} else {
			out[code] = vs[0]
		}
	}
	return out
}
