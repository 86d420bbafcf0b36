package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/go-chi/chi/v5"
)

// Groups of callers, for the policy.
var (
	everyone  = callers
	signedIn  = without(callers, "anonymous")
	citizens  = []string{"citizen", "citizen2"}
	allStaff  = []string{"agent", "staff", "field", "manager", "admin"}
	readers   = allStaff // staff of every role read tickets
	reporters = []string{"agent", "admin", "citizen", "citizen2", "client"}
	assigners = []string{"agent", "staff", "manager", "admin"}
	mergers   = []string{"agent", "manager", "admin"}
	deskers   = []string{"agent", "admin"}
	queuers   = []string{"staff", "manager", "admin"}
	managers  = []string{"manager", "admin"}
)

func without(roles []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(roles), func(r string) bool { return r == drop })
}

// rule says who may call a route. Refused callers get 401 or 403, or for
// a page a redirect to its sign-in form (/werk, /mijn) or the 403 page.
type rule struct {
	allow []string
	// try are the paths to call; by default the pattern with {ref} filled
	// in once with the demo citizen's ticket ({own}) and once with the
	// second citizen's ({other}), {fmt} with json. {tile} is a
	// street-level tile z/x/y over {own}.
	try []string
	// more are further paths to call, each with the callers it allows.
	more map[string][]string
	// ownTicket: citizens reach only their own tickets here; another
	// citizen's answers 404, as if it did not exist.
	ownTicket bool
	// signsOut: the route ends the caller's session; each caller is
	// tried with a session of its own, which must be gone afterwards.
	signsOut bool
	// body is what to send (the point is the access decision, so most
	// routes get none); ref is the ticket of the path.
	body func(as, ref string, w *world) (contentType, body string)
}

// policy is who may call what, for every route of the router, keyed by
// "METHOD pattern" as chi.Walk names it ("*" for every method). A new
// route fails TestEveryRouteAnswersEveryCallerAsThePolicySays until it
// has a row here.
var policy = map[string]rule{
	// Open to all: the home page, health, metrics, assets, maps, public data.
	"GET /":                 {allow: everyone},
	"GET /healthz":          {allow: everyone},
	"GET /readyz":           {allow: everyone},
	"* /metrics":            {allow: everyone},
	"* /static/*":           {allow: everyone, try: []string{"/static/loket.css", "/static/vendor/maplibre-gl/maplibre-gl-csp-worker.js"}},
	"GET /api/openapi.json": {allow: everyone},
	"GET /api/categories":   {allow: everyone},
	"GET /api/geocode":      {allow: everyone, try: []string{"/api/geocode?q=Grote+Markt+1+Kortrijk"}},
	"GET /api/reverse":      {allow: everyone, try: []string{"/api/reverse?lon=3.2649&lat=50.8279"}},
	"GET /tiles/{layer}/{z}/{x}/{y}": {allow: everyone,
		try:  []string{"/tiles/tickets/{tile}.mvt", "/tiles/neighbourhoods/{tile}.mvt", "/tiles/hotspots/{tile}.mvt"},
		more: map[string][]string{"/tiles/tickets_staff/{tile}.mvt": allStaff}},
	"GET /tiles/{name}":               {allow: everyone, try: []string{"/tiles/style.json", "/tiles/tickets.json", "/tiles/tickets_staff.json"}},
	"GET /api/export/tickets.arrow":   {allow: everyone},
	"GET /api/export/tickets.parquet": {allow: everyone},
	"GET /open311/discovery.{name}":   {allow: everyone, try: []string{"/open311/discovery.json", "/open311/discovery.xml"}},
	"GET /open311/v2/services.{fmt}":  {allow: everyone},
	"GET /open311/v2/services/{name}": {allow: everyone, try: []string{"/open311/v2/services/sluikstort.json"}},
	"GET /open311/v2/requests.{fmt}":  {allow: everyone, try: []string{"/open311/v2/requests.json", "/open311/v2/requests.xml?extensions=true"}},
	"GET /open311/v2/requests/{name}": {allow: everyone, try: []string{"/open311/v2/requests/{own}.json?extensions=true",
		"/open311/v2/requests/{other}.xml?extensions=true"}},
	"GET /open311/v2/tokens/{name}": {allow: everyone, try: []string{"/open311/v2/tokens/{own}.json"}},
	// Open311 posts carry the machine client's api_key in the form.
	"POST /open311/v2/requests.{fmt}": {allow: []string{"client"}, body: func(as, _ string, w *world) (string, string) {
		form := url.Values{"service_code": {"sluikstort"}}
		if as == "client" {
			form.Set("api_key", w.clientToken)
		}
		return "application/x-www-form-urlencoded", form.Encode()
	}},

	// Signing in, out and up.
	"POST /api/login":            {allow: everyone},
	"POST /api/logout":           {allow: everyone, signsOut: true},
	"GET /api/me":                {allow: signedIn},
	"POST /api/citizen/register": {allow: everyone},
	"POST /api/citizen/verify":   {allow: everyone},
	"POST /api/citizen/login":    {allow: everyone},

	// The register is for the desk.
	"GET /api/residents": {allow: []string{"agent", "admin"}, try: []string{"/api/residents?name=Achtergael&reason=call"}},

	// The ticket API.
	"POST /api/tickets":                  {allow: reporters},
	"GET /api/tickets":                   {allow: readers},
	"GET /api/tickets/{ref}":             {allow: readers},
	"POST /api/tickets/{ref}/status":     {allow: readers},
	"POST /api/tickets/{ref}/assign":     {allow: assigners},
	"POST /api/tickets/{ref}/replies":    {allow: assigners},
	"POST /api/tickets/{ref}/notes":      {allow: readers},
	"POST /api/tickets/{ref}/merge":      {allow: mergers},
	"GET /api/tickets/{ref}/duplicates":  {allow: readers},
	"POST /api/tickets/duplicates/check": {allow: readers},
	"GET /api/my/tickets":                {allow: citizens},
	"GET /api/my/tickets/{ref}":          {allow: citizens, ownTicket: true},
	"POST /api/my/tickets/{ref}/comments": {allow: citizens, ownTicket: true, body: func(string, string, *world) (string, string) {
		return "application/json", `{"body": "Is er al nieuws?"}`
	}},

	// Staff analyses.
	"GET /api/analytics/clusters":          {allow: allStaff},
	"GET /api/analytics/neighbourhoods":    {allow: allStaff},
	"GET /api/analytics/hexagons":          {allow: allStaff},
	"GET /api/analytics/hotspots":          {allow: allStaff},
	"GET /api/analytics/hotspots/emerging": {allow: allStaff},
	"GET /api/analytics/spikes":            {allow: allStaff},
	"GET /api/analytics/season":            {allow: allStaff},
	"POST /api/analytics/forecast":         {allow: allStaff},

	// The citizen portal: the sign-in page is open, the rest is a citizen's own.
	"GET /mijn":                 {allow: everyone},
	"POST /mijn/aanmelden":      {allow: everyone},
	"POST /mijn/afmelden":       {allow: everyone, signsOut: true},
	"GET /mijn/nieuw":           {allow: citizens},
	"POST /mijn/nieuw":          {allow: citizens},
	"GET /mijn/meldingen/{ref}": {allow: citizens, ownTicket: true},
	"POST /mijn/meldingen/{ref}/reacties": {allow: citizens, ownTicket: true, body: func(string, string, *world) (string, string) {
		return "application/x-www-form-urlencoded", url.Values{"body": {"Wanneer komen jullie?"}}.Encode()
	}},

	// The staff pages: the sign-in page is open, each role's page is its own
	// (add a row for every page, e.g. "GET /werk/balie": {allow: []string{"agent", "admin"}}).
	"GET /werk":            {allow: everyone},
	"POST /werk/aanmelden": {allow: everyone},
	"POST /werk/afmelden":  {allow: everyone, signsOut: true},

	// The desk is the agents'.
	"GET /werk/balie":                 {allow: deskers},
	"POST /werk/balie":                {allow: deskers},
	"POST /werk/balie/bellers":        {allow: deskers},
	"POST /werk/balie/controle":       {allow: deskers},
	"GET /werk/balie/gemeld/{ref}":    {allow: deskers},
	"GET /werk/balie/gekoppeld/{ref}": {allow: deskers},
	// The queue and the ticket page: back office and managers.
	"GET /werk/wachtrij":                    {allow: queuers},
	"GET /werk/meldingen/{ref}":             {allow: queuers},
	"POST /werk/meldingen/{ref}/nota":       {allow: queuers},
	"POST /werk/meldingen/{ref}/antwoord":   {allow: queuers},
	"POST /werk/meldingen/{ref}/toewijzing": {allow: queuers},
	"POST /werk/meldingen/{ref}/planning":   {allow: queuers},
	"POST /werk/meldingen/{ref}/status":     {allow: queuers},
	// Merging on these pages is the managers' (the API lets the desk merge too).
	"GET /werk/meldingen/{ref}/samenvoegen":  {allow: managers},
	"POST /werk/meldingen/{ref}/samenvoegen": {allow: managers},
	// The field map: the crews, and the back office and managers who plan them.
	"GET /werk/terrein": {allow: []string{"field", "staff", "manager", "admin"}},
	// The dashboard is the managers'.
	"GET /werk/dashboard":         {allow: managers},
	"GET /werk/dashboard/seizoen": {allow: managers},
}

// route is one (method, pattern) of the router.
type route struct{ method, pattern string }

func (r route) key() string { return r.method + " " + r.pattern }

// routesOf walks the router. A route mounted for every method (Handle)
// shows up once per method; its policy row uses "*".
func routesOf(t *testing.T, r chi.Router) []route {
	t.Helper()
	var rs []route
	err := chi.Walk(r, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		rs = append(rs, route{method, pattern})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].key() < rs[j].key() })
	return rs
}

// ruleFor finds the row of r: its own, or its pattern's for every method.
func ruleFor(r route) (rule, string, bool) {
	if rl, ok := policy[r.key()]; ok {
		return rl, r.key(), true
	}
	rl, ok := policy["* "+r.pattern]
	return rl, "* " + r.pattern, ok
}

// probe is one path to call and who may call it.
type probe struct {
	path  string
	allow []string
	ref   string // the ticket in the path, if any
}

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// probes fills in the paths of r's rule; "" when a parameter has no value.
func (w *world) probes(r route, rl rule) ([]probe, string) {
	paths := rl.try
	if len(paths) == 0 {
		p := strings.ReplaceAll(r.pattern, "{fmt}", "json")
		if strings.Contains(p, "{ref}") {
			paths = []string{strings.ReplaceAll(p, "{ref}", "{own}"), strings.ReplaceAll(p, "{ref}", "{other}")}
		} else {
			paths = []string{p}
		}
	}
	fill := func(path string, allow []string) (probe, string) {
		pr := probe{path: path, allow: allow}
		switch {
		case strings.Contains(path, "{own}"):
			pr.ref = w.ownRef
		case strings.Contains(path, "{other}"):
			pr.ref = w.otherRef
		}
		pr.path = strings.NewReplacer("{own}", w.ownRef, "{other}", w.otherRef, "{tile}", w.tile).Replace(path)
		if left := placeholder.FindString(pr.path); left != "" || strings.Contains(pr.path, "*") {
			return pr, fmt.Sprintf("the policy row for %s needs paths to try (try: …): nothing fills %s", r.key(), path)
		}
		return pr, ""
	}
	var out []probe
	for _, p := range paths {
		pr, problem := fill(p, rl.allow)
		if problem != "" {
			return nil, problem
		}
		out = append(out, pr)
	}
	for _, p := range sortedKeys(rl.more) {
		pr, problem := fill(p, rl.more[p])
		if problem != "" {
			return nil, problem
		}
		out = append(out, pr)
	}
	return out, ""
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestEveryRouteAnswersEveryCallerAsThePolicySays walks the router and
// calls every route as every caller: allowed callers are let through,
// refused ones are refused without a change to the database, a cookie
// without its CSRF token changes nothing, nothing answers 5xx, and no
// answer to a visitor, a citizen or a machine client shows an internal
// note, the register, or someone else's identity.
func TestEveryRouteAnswersEveryCallerAsThePolicySays(t *testing.T) {
	// The limits are tested on their own; here they must not get in the way.
	for _, k := range []string{"LOKET_RATE_SIGNIN", "LOKET_RATE_REGISTER", "LOKET_RATE_PUBLIC"} {
		t.Setenv(k, "100000,100000")
	}
	w := newWorld(t)
	w.checkThePlantedDataShows()
	routes := routesOf(t, w.srv.Router())
	seen := map[string]bool{}
	for _, r := range routes {
		if r.method == http.MethodConnect {
			continue // a CONNECT names a host, not a path: it cannot reach a route
		}
		rl, key, ok := ruleFor(r)
		if !ok {
			t.Errorf("%s has no row in policy (internal/server/access_test.go): add one saying who may call it", r.key())
			continue
		}
		seen[key] = true
		probes, problem := w.probes(r, rl)
		if problem != "" {
			t.Error(problem)
			continue
		}
		for _, pr := range probes {
			t.Run(r.method+" "+pr.path, func(t *testing.T) { w.tryAll(t, r, rl, pr) })
		}
	}
	for key := range policy {
		if !seen[key] {
			t.Errorf("policy has a row for %s, which the router does not have: remove it", key)
		}
	}
}

// checkThePlantedDataShows proves the planted secrets reach the staff
// who may see them and that the fingerprint sees a write, so their
// absence from the other answers means something.
func (w *world) checkThePlantedDataShows() {
	t := w.t
	t.Helper()
	for _, c := range []struct {
		path  string
		shows []string
	}{
		{"/api/tickets/" + w.ownRef, []string{internalNote}},
		{"/api/tickets/" + w.thirdRef, []string{third.last, third.email, third.phone}},
		{"/api/residents?name=Achtergael&reason=call", []string{owner.last, second.last, third.last,
			second.birth.Format("2006-01-02"), second.registerMail}},
	} {
		a := w.do(request{method: "GET", path: c.path, as: "agent", session: w.sessions["agent"]})
		for _, s := range c.shows {
			if a.status != http.StatusOK || !strings.Contains(a.body, s) {
				t.Fatalf("the agent's GET %s (%d) does not show the planted %q: %.500s", c.path, a.status, s, a.body)
			}
		}
	}
	for as, ref := range map[string]string{"citizen": w.ownRef, "citizen2": w.otherRef} {
		if a := w.do(request{method: "GET", path: "/api/my/tickets/" + ref, as: as, session: w.sessions[as]}); a.status != http.StatusOK {
			t.Fatalf("%s does not reach their own ticket %s: %d %s", as, ref, a.status, a.body)
		}
	}
	before := w.fingerprint()
	a := w.do(request{method: "POST", path: "/api/tickets/" + w.thirdRef + "/notes", as: "agent", session: w.sessions["agent"],
		contentType: "application/json", body: `{"body": "` + internalNote + `"}`})
	if a.status != http.StatusOK || w.fingerprint() == before {
		t.Fatalf("an agent's note (%d) did not change the fingerprint: %s", a.status, a.body)
	}
}

// tryAll calls one path as every caller: the refused first, then, for a
// changing method, the people with their cookie but without the CSRF
// token, checking nothing changed in the database; then the allowed.
func (w *world) tryAll(t *testing.T, r route, rl rule, pr probe) {
	var allowed, refused []string
	for _, as := range callers {
		if w.allowed(rl, pr, as) {
			allowed = append(allowed, as)
		} else {
			refused = append(refused, as)
		}
	}
	safe := r.method == http.MethodGet || r.method == http.MethodHead || r.method == http.MethodOptions || r.method == http.MethodTrace
	before := ""
	if !safe {
		before = w.fingerprint()
	}
	for _, as := range refused {
		w.try(t, r, rl, pr, as)
	}
	if !safe {
		for _, as := range signedIn {
			if as != "client" {
				w.tryWithoutCSRF(t, r, rl, pr, as)
			}
		}
		if after := w.fingerprint(); after != before {
			t.Errorf("refused calls changed the database:\nbefore %s\nafter  %s", before, after)
		}
	}
	for _, as := range allowed {
		w.try(t, r, rl, pr, as)
	}
}

// allowed says whether the policy lets as call the probe.
func (w *world) allowed(rl rule, pr probe, as string) bool {
	if !slices.Contains(pr.allow, as) {
		return false
	}
	return !w.hidden(rl, pr, as)
}

// hidden: a citizen asking for another citizen's ticket on a route that
// shows only one's own.
func (w *world) hidden(rl rule, pr probe, as string) bool {
	if !rl.ownTicket || !slices.Contains(citizens, as) {
		return false
	}
	return (as == "citizen") != (pr.ref == w.ownRef)
}

func (w *world) request(r route, rl rule, pr probe, as string, s session) request {
	rq := request{method: r.method, path: pr.path, as: as, session: s}
	if rl.body != nil {
		rq.contentType, rq.body = rl.body(as, pr.ref, w)
	}
	return rq
}

// try calls the probe as as and checks the answer against the policy.
func (w *world) try(t *testing.T, r route, rl rule, pr probe, as string) {
	t.Helper()
	s := w.sessions[as]
	if rl.signsOut && s.token != "" {
		s = w.signIn(as) // a session of its own, so the others stay
	}
	a := w.do(w.request(r, rl, pr, as, s))
	w.checkCommon(t, as, pr, a)
	switch {
	case w.hidden(rl, pr, as):
		if a.status != http.StatusNotFound {
			t.Errorf("as %s, another citizen's ticket answered %d, want 404: %.300s", as, a.status, a.body)
		}
	case !slices.Contains(pr.allow, as):
		if !refused(a) {
			t.Errorf("as %s: %d (%s), want a refusal (401, 403 or the sign-in form): %.300s", as, a.status, a.header.Get("Location"), a.body)
		}
	case rl.signsOut:
		if a.status >= 400 {
			t.Errorf("as %s: signing out answered %d: %.300s", as, a.status, a.body)
		}
		if s.token != "" && w.signedIn(s) {
			t.Errorf("as %s: the session still works after signing out", as)
		}
	case rl.ownTicket:
		if a.status >= 400 {
			t.Errorf("as %s, their own ticket answered %d, want success: %.300s", as, a.status, a.body)
		}
	default:
		if refused(a) {
			t.Errorf("as %s: refused with %d (%s), want it let through: %.300s", as, a.status, a.header.Get("Location"), a.body)
		}
	}
}

// tryWithoutCSRF sends as's session cookie without its CSRF token: it is
// refused with 403 and the session stays, except on the sign-in routes,
// which treat the caller as anonymous.
func (w *world) tryWithoutCSRF(t *testing.T, r route, rl rule, pr probe, as string) {
	t.Helper()
	rq := w.request(r, rl, pr, as, w.sessions[as])
	rq.withoutCSRF = true
	a := w.do(rq)
	w.checkCommon(t, as, pr, a)
	if openToAnonymous(pr.path) {
		if refused(a) {
			t.Errorf("as %s without a CSRF token on a sign-in route: %d, want it treated as anonymous: %.300s", as, a.status, a.body)
		}
		return
	}
	if a.status != http.StatusForbidden || !strings.Contains(a.body, "CSRF") {
		t.Errorf("as %s with the cookie but without the CSRF token: %d, want 403 naming the CSRF token: %.300s", as, a.status, a.body)
	}
	if rl.signsOut && !w.signedIn(w.sessions[as]) {
		t.Errorf("as %s: signing out without the CSRF token ended the session", as)
	}
}

// openToAnonymous are the routes a cookie failing the CSRF check does not
// block: they need no session (internal/auth's openPaths).
func openToAnonymous(path string) bool {
	switch path {
	case "/api/login", "/api/citizen/login", "/api/citizen/register", "/api/citizen/verify":
		return true
	}
	return false
}

// refused: 401, 403, or a page sending the caller to a sign-in form.
func refused(a answer) bool {
	switch a.status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return true
	case http.StatusSeeOther, http.StatusFound, http.StatusTemporaryRedirect:
		loc := a.header.Get("Location")
		return loc == "/werk" || loc == "/mijn"
	}
	return false
}

// checkCommon holds for every answer: no 5xx, the security headers, and
// for callers who are not staff nothing they may not see.
func (w *world) checkCommon(t *testing.T, as string, pr probe, a answer) {
	t.Helper()
	if a.status >= 500 {
		t.Errorf("as %s: %d: %.300s", as, a.status, a.body)
	}
	if a.status == http.StatusTooManyRequests {
		t.Errorf("as %s: 429: the limits set for this test are too low", as)
	}
	if a.header.Get("Content-Security-Policy") == "" || a.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("as %s: the security headers are missing: %v", as, a.header)
	}
	if slices.Contains(allStaff, as) {
		return
	}
	text := readable(t, a)
	for _, secret := range forbiddenFor(as, pr.path) {
		if strings.Contains(text, secret) {
			i := strings.Index(text, secret)
			t.Errorf("as %s, the answer shows %q: …%s…", as, secret, text[max(0, i-120):min(len(text), i+len(secret)+120)])
		}
	}
}

// forbiddenFor is what no answer to as may contain: internal notes, any
// register data, and the names, addresses and phones of other people.
func forbiddenFor(as, path string) []string {
	out := []string{internalNote}
	for _, p := range []person{owner, second, third} {
		out = append(out, p.registerTraces()...)
		mine := (as == "citizen" && p == owner) || (as == "citizen2" && p == second)
		if mine {
			continue
		}
		out = append(out, p.last)
		// The home page of the demo city lists the demo logins on purpose.
		if p.email != "" && !(p == owner && path == "/") {
			out = append(out, p.email)
		}
		if p.phone != "" {
			out = append(out, p.phone)
		}
	}
	return out
}

// readable is the answer's body as text; the exports are decoded, since
// Parquet compresses its strings.
func readable(t *testing.T, a answer) string {
	t.Helper()
	var b strings.Builder
	switch a.header.Get("Content-Type") {
	case "application/vnd.apache.arrow.stream":
		rd, err := ipc.NewReader(strings.NewReader(a.body))
		if err != nil {
			t.Fatalf("the Arrow export does not read: %v", err)
		}
		defer rd.Release()
		for rd.Next() {
			for _, col := range rd.RecordBatch().Columns() {
				b.WriteString(col.String())
			}
		}
		if rd.Err() != nil {
			t.Fatalf("the Arrow export does not read: %v", rd.Err())
		}
	case "application/vnd.apache.parquet":
		pf, err := file.NewParquetReader(bytes.NewReader([]byte(a.body)))
		if err != nil {
			t.Fatalf("the Parquet export does not read: %v", err)
		}
		defer pf.Close()
		fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		tbl, err := fr.ReadTable(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer tbl.Release()
		for i := range int(tbl.NumCols()) {
			for _, chunk := range tbl.Column(i).Data().Chunks() {
				b.WriteString(chunk.String())
			}
		}
	default:
		return a.body
	}
	return b.String()
}
