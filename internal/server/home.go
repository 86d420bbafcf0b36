package server

import (
	"net/http"
	"slices"

	"loket/internal/httpx"
	"loket/seed"
	"loket/web"
)

var homeLinks = []web.Link{
	{Href: "/mijn", Title: "/mijn", About: "the citizen portal: own requests, their timeline and handler, new requests (nl, fr, en)"},
	{Href: "/werk", Title: "/werk", About: "the staff pages: the desk, the team's queue, the field map and the manager's dashboard"},
	{Href: "/tiles/style.json", Title: "/tiles/style.json", About: "the map style over Loket's vector tiles (tickets, neighbourhoods, hotspots)"},
	{Href: "/api/openapi.json", Title: "/api/openapi.json", About: "every API route described (OpenAPI 3)"},
	{Href: "/open311/discovery.json", Title: "/open311/discovery.json", About: "Open311 GeoReport v2"},
	{Href: "/healthz", Title: "/healthz", About: "the process is up"},
	{Href: "/readyz", Title: "/readyz", About: "the database answers"},
	{Href: "/api/geocode?q=Meersstraat+12+8500+Kortrijk", Title: "/api/geocode", About: "address text → places, ranked"},
	{Href: "/api/reverse?lon=3.2649&lat=50.8279", Title: "/api/reverse", About: "a point → nearest address and neighbourhood"},
	{Href: "/api/me", Title: "/api/me", About: "who is signed in (POST /api/login to sign in)"},
	{Href: "/metrics", Title: "/metrics", About: "request counts and latencies, database pool (Prometheus)"},
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	h := web.Home{Links: homeLinks}
	var demo bool
	// Past a million tickets the planner's statistics stand in for counts
	// (the open count is the size of the partial index over open tickets),
	// so the page stays instant at national scale.
	err := s.pool.QueryRow(r.Context(), `
		WITH big AS (SELECT reltuples > 1e6 AS yes FROM pg_class WHERE oid = 'ticket'::regclass)
		SELECT coalesce((SELECT name_nl FROM municipality ORDER BY id LIMIT 1), ''),
		       (SELECT count(*) FROM address),
		       (SELECT count(*) FROM resident),
		       CASE WHEN (SELECT yes FROM big)
		            THEN (SELECT reltuples::bigint FROM pg_class WHERE oid = 'ticket'::regclass)
		            ELSE (SELECT count(*) FROM ticket) END,
		       CASE WHEN (SELECT yes FROM big)
		            THEN (SELECT reltuples::bigint FROM pg_class WHERE oid = 'ticket_open_team_idx'::regclass)
		            ELSE (SELECT count(*) FROM ticket WHERE status NOT IN ('closed', 'rejected', 'duplicate')) END,
		       EXISTS (SELECT FROM staff WHERE email = $1)`, seed.DemoLogins[0].Email).
		Scan(&h.Municipality, &h.Addresses, &h.Residents, &h.Tickets, &h.OpenTickets, &demo)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if demo {
		h.Logins = demoLogins()
	}
	if err := web.RenderHome(w, h); err != nil {
		s.logger.ErrorContext(r.Context(), "render home", "err", err)
	}
}

// demoLogins lists the demo city's accounts with the page each one signs in at.
func demoLogins() []web.DemoLogin {
	var ls []web.DemoLogin
	for _, l := range append(slices.Clone(seed.DemoLogins), seed.DemoCitizen) {
		href := "/werk"
		if l == seed.DemoCitizen {
			href = "/mijn"
		}
		ls = append(ls, web.DemoLogin{Email: l.Email, Password: l.Password, Role: l.Role, Href: href})
	}
	return ls
}
