package ticketing

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// Who may do what: every ticket route names its roles here, in one place.
var (
	reporters = []string{auth.RoleAgent, auth.RoleCitizen, auth.RoleClient}
	readers   = []string{auth.RoleAgent, auth.RoleStaff, auth.RoleField, auth.RoleManager}
	movers    = []string{auth.RoleAgent, auth.RoleStaff, auth.RoleField, auth.RoleManager}
	assigners = []string{auth.RoleAgent, auth.RoleStaff, auth.RoleManager}
	repliers  = []string{auth.RoleAgent, auth.RoleStaff, auth.RoleManager}
	noters    = []string{auth.RoleAgent, auth.RoleStaff, auth.RoleField, auth.RoleManager}
	mergers   = []string{auth.RoleAgent, auth.RoleManager}
	citizens  = []string{auth.RoleCitizen}
)

// Routes mounts the ticket API. Every POST honours Idempotency-Key.
func (s *Service) Routes(r chi.Router) {
	idem := idempotent(s.pool)
	r.Get("/api/openapi.json", serveOpenAPI)
	r.Get("/api/categories", httpx.JSON(s.handleCategories))
	r.With(auth.RequireAny(reporters...), s.idempotentIntake).Post("/api/tickets", s.handleCreate)
	r.With(auth.RequireAny(readers...)).Get("/api/tickets", httpx.JSON(s.handleList))
	r.With(auth.RequireAny(readers...)).Get("/api/tickets/{ref}", s.handleGet)
	r.With(auth.RequireAny(movers...), idem).Post("/api/tickets/{ref}/status", s.write(func(r *http.Request, p *auth.Principal, ref string, v int) (*Ticket, error) {
		var in StatusChange
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.SetStatus(r.Context(), p, ref, v, in)
	}))
	r.With(auth.RequireAny(assigners...), idem).Post("/api/tickets/{ref}/assign", s.write(func(r *http.Request, p *auth.Principal, ref string, v int) (*Ticket, error) {
		var in Assignment
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.Assign(r.Context(), p, ref, v, in)
	}))
	r.With(auth.RequireAny(repliers...), idem).Post("/api/tickets/{ref}/replies", s.write(func(r *http.Request, p *auth.Principal, ref string, v int) (*Ticket, error) {
		var in struct{ Body string }
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.Reply(r.Context(), p, ref, v, in.Body)
	}))
	r.With(auth.RequireAny(noters...), idem).Post("/api/tickets/{ref}/notes", s.write(func(r *http.Request, p *auth.Principal, ref string, v int) (*Ticket, error) {
		var in struct{ Body string }
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.Note(r.Context(), p, ref, v, in.Body)
	}))
	r.With(auth.RequireAny(mergers...), idem).Post("/api/tickets/{ref}/merge", s.write(func(r *http.Request, p *auth.Principal, ref string, v int) (*Ticket, error) {
		var in struct{ Into string }
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.Merge(r.Context(), p, ref, v, in.Into)
	}))
	r.With(auth.RequireAny(citizens...)).Get("/api/my/tickets", httpx.JSON(func(r *http.Request) (any, error) {
		ts, err := s.MyTickets(r.Context(), auth.From(r.Context()))
		return struct {
			Tickets []CitizenTicket `json:"tickets"`
		}{ts}, err
	}))
	r.With(auth.RequireAny(citizens...)).Get("/api/my/tickets/{ref}", httpx.JSON(func(r *http.Request) (any, error) {
		return s.MyTicket(r.Context(), auth.From(r.Context()), chi.URLParam(r, "ref"))
	}))
	r.With(auth.RequireAny(citizens...), idem).Post("/api/my/tickets/{ref}/comments", httpx.JSON(func(r *http.Request) (any, error) {
		var in struct{ Body string }
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.Comment(r.Context(), auth.From(r.Context()), chi.URLParam(r, "ref"), in.Body)
	}))
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) {
	var in NewTicket
	if err := decode(r, &in); err != nil {
		httpx.Error(w, r, err)
		return
	}
	p := auth.From(r.Context())
	t, err := s.Create(r.Context(), p, in)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	writeCreated(w, p, t)
}

// writeCreated answers p with their new ticket t, as they may see it.
func writeCreated(w http.ResponseWriter, p *auth.Principal, t *Ticket) {
	w.Header().Set("Location", "/api/tickets/"+t.Reference)
	if p.IsCitizen() {
		w.Header().Set("Location", "/api/my/tickets/"+t.Reference)
		httpx.WriteJSON(w, http.StatusCreated, citizenView(t))
		return
	}
	if p.IsClient() {
		// A machine client learns its ticket's reference and progress, not
		// the register's view of its reporter.
		t.Reporter, t.Events = nil, nil
	}
	writeTicket(w, http.StatusCreated, t)
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) {
	t, err := s.getByRef(r.Context(), auth.From(r.Context()).MunicipalityID, chi.URLParam(r, "ref"), "nl", true)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	writeTicket(w, http.StatusOK, t)
}

// write adapts a change: the If-Match header gives the version the
// caller read; the answer carries the new version as ETag.
func (s *Service) write(h func(r *http.Request, p *auth.Principal, ref string, version int) (*Ticket, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := ifMatch(r.Header.Get("If-Match"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		t, err := h(r, auth.From(r.Context()), chi.URLParam(r, "ref"), v)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		writeTicket(w, http.StatusOK, t)
	}
}

func writeTicket(w http.ResponseWriter, status int, t *Ticket) {
	w.Header().Set("ETag", etag(t.Version))
	httpx.WriteJSON(w, status, t)
}

func etag(version int) string { return `"v` + strconv.Itoa(version) + `"` }

// ifMatch reads the version from an If-Match header: "v7" as sent in the
// ETag, or * or nothing for no check.
func ifMatch(h string) (int, error) {
	h = strings.TrimPrefix(strings.TrimSpace(h), "W/")
	if h == "" || h == "*" {
		return AnyVersion, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.Trim(h, `"`), "v"))
	if err != nil || n < 1 {
		return 0, errs.E(errs.Invalid, `If-Match must be the ETag of the ticket as read, like "v3"`)
	}
	return n, nil
}

// decode reads a JSON body of at most 1 MiB into v.
func decode(r *http.Request, v any) error { return httpx.DecodeJSON(r, 1<<20, v) }
