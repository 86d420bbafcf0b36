package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/seed"
)

// staffIn signs a browser in as one of the demo logins.
func (s *site) staffIn(role string) *browser {
	s.t.Helper()
	for _, l := range seed.DemoLogins {
		if l.Role == role {
			b := s.browser()
			b.signInStaff(l.Email, l.Password)
			return b
		}
	}
	s.t.Fatalf("no demo login for %s", role)
	return nil
}

// ticketWhere is the reference of the first ticket matching cond.
func (s *site) ticketWhere(cond string, args ...any) string {
	s.t.Helper()
	var ref string
	if err := s.pool.QueryRow(context.Background(), `SELECT t.reference FROM ticket t
		JOIN team tm ON tm.municipality_id = t.municipality_id AND tm.id = t.team_id
		WHERE `+cond+` ORDER BY t.id LIMIT 1`, args...).Scan(&ref); err != nil {
		s.t.Fatalf("no ticket where %s: %v", cond, err)
	}
	return ref
}

func (s *site) version(ref string) int {
	s.t.Helper()
	var v int
	if err := s.pool.QueryRow(context.Background(), `SELECT version FROM ticket WHERE reference = $1`, ref).Scan(&v); err != nil {
		s.t.Fatal(err)
	}
	return v
}

// follow makes ticket ref's reporter follow it, as intake does for
// reporters who leave an e-mail address (the seed writes no followers;
// a ticket made through intake has its reporter following already).
func (s *site) follow(ref string) {
	s.t.Helper()
	if _, err := s.pool.Exec(context.Background(), `INSERT INTO ticket_follower (municipality_id, ticket_id, email, name, language)
		SELECT municipality_id, id, reporter_email, coalesce(reporter_name, ''), language FROM ticket
		WHERE reference = $1 AND reporter_email IS NOT NULL ON CONFLICT DO NOTHING`, ref); err != nil {
		s.t.Fatal(err)
	}
}

var queueRow = regexp.MustCompile(`<th scope="row"><a href="/werk/meldingen/([0-9-]+)">`)

func queueRefs(body string) []string {
	var refs []string
	for _, m := range queueRow.FindAllStringSubmatch(body, -1) {
		refs = append(refs, m[1])
	}
	return refs
}

// openStatuses as SQL: the queue's default.
const openSQL = `t.status IN ('new', 'triaged', 'assigned', 'in_progress', 'waiting')`

func TestTheQueuePagesAreForStaffAndManagers(t *testing.T) {
	s := newSite(t)
	ref := s.ticketWhere(`tm.code = 'groen-noord' AND ` + openSQL)
	paths := []string{"/werk/wachtrij", "/werk/meldingen/" + ref}
	for _, path := range paths {
		if code, _ := s.browser().get(path); code != http.StatusSeeOther {
			t.Errorf("a visitor at %s = %d, want a redirect to sign in", path, code)
		}
		citizen := s.browser()
		citizen.signInAs("nosy-" + strconv.Itoa(len(path)) + "@example.be")
		if code, _ := citizen.get(path); code != http.StatusSeeOther {
			t.Errorf("a citizen at %s = %d, want a redirect", path, code)
		}
	}
	for _, c := range []struct {
		role string
		want int
	}{{"agent", 403}, {"field", 403}, {"staff", 200}, {"manager", 200}, {"admin", 200}} {
		b := s.staffIn(c.role)
		for _, path := range paths {
			code, body := b.get(path)
			if code != c.want {
				t.Errorf("%s at %s = %d, want %d", c.role, path, code, c.want)
			}
			if c.role != "manager" && code == 200 && !strings.Contains(body, `href="/werk/wachtrij" aria-current="page"`) && path == "/werk/wachtrij" {
				t.Errorf("%s: the menu does not mark the queue as the current page", c.role)
			}
		}
	}
	// A role that may not open the page may not write through it either.
	agent := s.staffIn("agent")
	before := s.version(ref)
	if code, _, _ := agent.post("/werk/meldingen/"+ref+"/nota", url.Values{"body": {"x"}, "version": {strconv.Itoa(before)}}, true); code != 403 {
		t.Errorf("an agent's note through the queue page = %d, want 403", code)
	}
	if s.version(ref) != before {
		t.Error("the refused note changed the ticket")
	}
}

func TestTheQueueShowsTheTeamsOpenTicketsByDueDate(t *testing.T) {
	s := newSite(t)
	b := s.staffIn("staff")
	team := `t.team_id = (SELECT team_id FROM staff WHERE email = 'staff@kortrijk.demo')`
	firstPage := func(cond string, args ...any) []string {
		rows, err := s.pool.Query(context.Background(), `SELECT t.reference FROM ticket t WHERE `+cond+`
			ORDER BY t.due_at ASC NULLS LAST, t.created_at, t.id LIMIT 25`, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var refs []string
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				t.Fatal(err)
			}
			refs = append(refs, r)
		}
		return refs
	}
	// check compares the page at query with the first 25 tickets of cond
	// by due date; page 2 is the first 25 of what page 1 left, so its
	// total is that of cond with its first page.
	check := func(query, cond string, args ...any) string {
		t.Helper()
		code, body := b.get("/werk/wachtrij" + query)
		if code != 200 {
			t.Fatalf("%s answered %d", query, code)
		}
		want := firstPage(cond, args...)
		if got := queueRefs(body); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s lists\n%v\nwant\n%v", query, got, want)
		}
		total := s.count(`SELECT count(*) FROM ticket t WHERE `+cond, args...)
		if strings.Contains(query, "page=2") {
			total += 25
		}
		if !strings.Contains(body, "Gevonden: <strong>"+strconv.Itoa(total)+"</strong>") {
			t.Errorf("%s does not say it found %d tickets", query, total)
		}
		return body
	}

	body := check("", team+" AND "+openSQL)
	if len(queueRefs(body)) == 0 {
		t.Fatal("the team's queue is empty")
	}
	// The filter bar counts each status under the other filters.
	for _, st := range []string{"new", "assigned", "in_progress", "waiting", "resolved", "closed"} {
		n := s.count(`SELECT count(*) FROM ticket t WHERE `+team+` AND t.status = $1`, st)
		if !regexp.MustCompile(`status=` + st + `[^"]*"[^>]*>[^<]+<span class="count">` + strconv.Itoa(n) + `</span>`).MatchString(body) {
			t.Errorf("the filter bar does not count %d %s tickets", n, st)
		}
	}
	// Every team's open tickets fill more than one page.
	if all := check("?team=all", openSQL); len(queueRefs(all)) != 25 || !strings.Contains(all, `rel="next"`) {
		t.Errorf("every team's queue shows %d tickets on its first page, want a full page of 25 and a next page", len(queueRefs(all)))
	}
	check("?team=all&page=2", openSQL+" AND t.reference NOT IN (SELECT reference FROM ticket t WHERE "+openSQL+
		" ORDER BY t.due_at ASC NULLS LAST, t.created_at, t.id LIMIT 25)")
	check("?assignee=unassigned", team+" AND "+openSQL+" AND t.assignee_id IS NULL")
	check("?assignee=mine", team+" AND "+openSQL+" AND t.assignee_id = (SELECT id FROM staff WHERE email = 'staff@kortrijk.demo')")
	check("?overdue=1&status=all", team+" AND "+openSQL+" AND t.due_at < now()")
	check("?status=resolved", team+" AND t.status = 'resolved'")
	check("?team=all&status=new", "t.status = 'new'")
	var category, word string
	if err := s.pool.QueryRow(context.Background(), `SELECT c.code, split_part(t.description, ' ', 1) FROM ticket t
		JOIN category c ON c.id = t.category_id WHERE `+team+` AND `+openSQL+` AND c.active ORDER BY t.id LIMIT 1`).Scan(&category, &word); err != nil {
		t.Fatal(err)
	}
	check("?category="+category, team+" AND "+openSQL+" AND t.category_id = (SELECT id FROM category WHERE code = $1)", category)
	check("?q="+url.QueryEscape(word), team+" AND "+openSQL+" AND to_tsvector('simple', t.description) @@ plainto_tsquery('simple', $1)", word)
	var nbh string
	if err := s.pool.QueryRow(context.Background(), `SELECT n.code FROM ticket t JOIN neighbourhood n ON n.id = t.neighbourhood_id
		WHERE `+team+` GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).Scan(&nbh); err != nil {
		t.Fatal(err)
	}
	check("?neighbourhood="+nbh, team+" AND "+openSQL+" AND t.neighbourhood_id = (SELECT id FROM neighbourhood WHERE code = $1)", nbh)

	t.Run("every ticket links to its page", func(t *testing.T) {
		ref := queueRefs(body)[0]
		if code, page := b.get("/werk/meldingen/" + ref); code != 200 || !strings.Contains(page, ref) {
			t.Errorf("the ticket page of %s answered %d", ref, code)
		}
	})
	t.Run("filters naming nothing known are refused", func(t *testing.T) {
		for _, q := range []string{"?status=bogus", "?page=0", "?page=x", "?assignee=someone", "?team=nope", "?category=nope",
			"?neighbourhood=nope", "?overdue=maybe", "?q=" + strings.Repeat("a", 201)} {
			code, body := b.get("/werk/wachtrij" + q)
			if code != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) {
				t.Errorf("%s answered %d, want 400 with the reason", q, code)
			}
		}
		if code, _ := b.get("/werk/wachtrij?page=9999"); code != http.StatusNotFound {
			t.Errorf("a page past the end answered %d, want 404", code)
		}
	})
}

// ticketForm is the fields every form of the ticket page carries.
func (s *site) ticketForm(ref string, kv ...string) url.Values {
	v := url.Values{"version": {strconv.Itoa(s.version(ref))}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestTheTicketPageShowsTheReporterAndTellsNotesFromReplies(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var ref, note, reply, reporter string
	if err := s.pool.QueryRow(ctx, `
		SELECT t.reference, n.body, p.body, t.reporter_name FROM ticket t
		JOIN ticket_event n ON n.ticket_id = t.id AND n.kind = 'internal_note' AND n.body <> ''
		JOIN ticket_event p ON p.ticket_id = t.id AND p.kind = 'public_reply' AND p.body <> ''
		WHERE t.reporter_name IS NOT NULL AND t.geom IS NOT NULL ORDER BY t.id LIMIT 1`).Scan(&ref, &note, &reply, &reporter); err != nil {
		t.Fatal(err)
	}
	b := s.staffIn("staff")
	code, body := b.get("/werk/meldingen/" + ref)
	if code != 200 {
		t.Fatalf("answered %d", code)
	}
	if cc := b.lastCacheControl("/werk/meldingen/" + ref); !strings.Contains(cc, "no-store") {
		t.Errorf("the ticket page may be cached: Cache-Control %q", cc)
	}
	page := html.UnescapeString(body)
	for _, want := range []string{reporter, note, reply, `id="ticket-map"`, `data-zoom="17"`, `data-staff`,
		`name="version" value="` + strconv.Itoa(s.version(ref)) + `"`, `<label for="note-body">`, `<label for="reply-confirm">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the ticket page lacks %q", want)
		}
	}
	// Each internal line carries the written badge; each reply the public one.
	items := regexp.MustCompile(`(?s)<li class="event event-([a-z_]+) (is-internal|is-public)">(.*?)</li>`).FindAllStringSubmatch(page, -1)
	seen := map[string]bool{}
	for _, it := range items {
		kind, vis, inner := it[1], it[2], it[3]
		seen[kind] = true
		switch kind {
		case "internal_note":
			if vis != "is-internal" || !strings.Contains(inner, "Interne nota") || !strings.Contains(inner, "niet zichtbaar voor de melder") {
				t.Errorf("an internal note is not marked in words: %s", inner)
			}
		case "public_reply":
			if vis != "is-public" || !strings.Contains(inner, "Publiek antwoord") || !strings.Contains(inner, "Zichtbaar voor de melder") {
				t.Errorf("a public reply is not marked in words: %s", inner)
			}
		}
	}
	if !seen["internal_note"] || !seen["public_reply"] {
		t.Errorf("the timeline lacks a note or a reply: %v", seen)
	}
	if code, _ := b.get("/werk/meldingen/1777-1999-999999"); code != http.StatusNotFound {
		t.Errorf("an unknown ticket answered %d, want 404", code)
	}
	// Every language has every word of both pages: a missing one would
	// show its key.
	for _, lang := range []string{"nl", "fr", "en"} {
		for _, path := range []string{"/werk/meldingen/" + ref, "/werk/wachtrij"} {
			code, body := b.get(path + "?lang=" + lang)
			if code != 200 || !strings.Contains(body, `<html lang="`+lang+`">`) || regexp.MustCompile(`>[^<]*queue\.[a-z]`).MatchString(body) {
				t.Errorf("%s in %s answered %d or shows a catalogue key", path, lang, code)
			}
		}
	}
}

// lastCacheControl fetches path again for its Cache-Control header.
func (b *browser) lastCacheControl(path string) string {
	req, _ := http.NewRequest("GET", b.s.url+path, nil)
	res, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	res.Body.Close()
	return res.Header.Get("Cache-Control")
}

func TestEveryFormOfTheTicketPageLandsInTheDatabase(t *testing.T) {
	s := newSite(t)
	b := s.staffIn("staff")
	ref := s.ticketWhere(`tm.code = 'groen-noord' AND t.status = 'assigned' AND t.reporter_email IS NOT NULL`)
	s.follow(ref)
	post := func(path string, form url.Values) {
		t.Helper()
		code, loc, body := b.post("/werk/meldingen/"+ref+path, form, true)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/werk/meldingen/"+ref+"?gedaan=") {
			t.Fatalf("%s answered %d to %q:\n%s", path, code, loc, body)
		}
		if _, page := b.get(loc); !strings.Contains(page, `class="done" role="status"`) {
			t.Errorf("after %s the page does not say what was saved", path)
		}
	}
	events := func(kind, body string) int {
		return s.count(`SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
			WHERE t.reference = $1 AND e.kind = $2 AND e.body = $3`, ref, kind, body)
	}

	note := "Buurman zegt dat het al weken zo is " + strconv.FormatInt(time.Now().UnixNano(), 36)
	post("/nota", s.ticketForm(ref, "body", note))
	if events("internal_note", note) != 1 || s.count(`SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
		WHERE t.reference = $1 AND e.body = $2 AND e.visibility = 'internal'`, ref, note) != 1 {
		t.Error("the note is not an internal event")
	}

	reply := "We komen deze week langs " + strconv.FormatInt(time.Now().UnixNano(), 36)
	post("/antwoord", s.ticketForm(ref, "body", reply, "confirm", "yes"))
	if events("public_reply", reply) != 1 {
		t.Error("the confirmed reply is not on the timeline")
	}
	if s.count(`SELECT count(*) FROM outbox o JOIN ticket t ON t.id = o.ticket_id WHERE t.reference = $1
		AND o.topic = 'ticket.reply' AND o.payload->>'body' = $2`, ref, reply) == 0 {
		t.Error("the reporter is not mailed the reply")
	}

	var member int
	var memberName string
	if err := s.pool.QueryRow(context.Background(), `SELECT id, name FROM staff WHERE team_id = (SELECT id FROM team WHERE code = 'groen-noord')
		AND 'field' = ANY(roles) AND email <> 'field@kortrijk.demo' ORDER BY id LIMIT 1`).Scan(&member, &memberName); err != nil {
		t.Fatal(err)
	}
	post("/toewijzing", s.ticketForm(ref, "to", "staff:"+strconv.Itoa(member)))
	if s.count(`SELECT count(*) FROM ticket WHERE reference = $1 AND assignee_id = $2`, ref, member) != 1 {
		t.Error("the ticket is not assigned to the member chosen")
	}
	if _, page := b.get("/werk/meldingen/" + ref); !strings.Contains(html.UnescapeString(page), memberName) {
		t.Error("the page does not name the new assignee")
	}
	post("/toewijzing", s.ticketForm(ref, "to", "team:wegen"))
	if s.count(`SELECT count(*) FROM ticket WHERE reference = $1 AND assignee_id IS NULL
		AND team_id = (SELECT id FROM team WHERE code = 'wegen')`, ref) != 1 {
		t.Error("the ticket is not with the team chosen")
	}

	day := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	post("/planning", s.ticketForm(ref, "date", day))
	if s.count(`SELECT count(*) FROM ticket WHERE reference = $1 AND status = 'waiting' AND waiting_on = 'planning'
		AND planned_for = $2::date`, ref, day) != 1 {
		t.Error("the ticket is not planned for that day")
	}

	post("/status", s.ticketForm(ref, "status", "in_progress"))
	post("/status", s.ticketForm(ref, "status", "waiting"))
	if s.count(`SELECT count(*) FROM ticket WHERE reference = $1 AND status = 'waiting' AND waiting_on = 'citizen'`, ref) != 1 {
		t.Error("waiting from the status form does not wait on the reporter")
	}

	// What the reporter sees: the reply, never the note.
	var email string
	if err := s.pool.QueryRow(context.Background(), `SELECT lower(reporter_email) FROM ticket WHERE reference = $1`, ref).Scan(&email); err != nil {
		t.Fatal(err)
	}
	citizen := s.browser()
	citizen.signInAs(email)
	_, mine := citizen.get("/mijn/meldingen/" + ref)
	if page := html.UnescapeString(mine); !strings.Contains(page, reply) || strings.Contains(page, note) {
		t.Errorf("the reporter's page shows the reply: %v, the note: %v", strings.Contains(page, reply), strings.Contains(page, note))
	}
}

func TestMergingIsTheDeskAndManagersAndIsConfirmed(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	// An open, placed ticket with a candidate the duplicate search finds.
	var ref, into string
	rows, err := s.pool.Query(ctx, `SELECT t.reference FROM ticket t JOIN team tm ON tm.id = t.team_id
		WHERE tm.code = 'groen-noord' AND t.status IN ('new', 'triaged', 'assigned', 'in_progress') AND t.geom IS NOT NULL ORDER BY t.id DESC`)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for rows.Next() {
		var r string
		_ = rows.Scan(&r)
		refs = append(refs, r)
	}
	rows.Close()
	manager := s.staffIn("manager")
	candidate := regexp.MustCompile(`name="into" id="into-[0-9-]+" value="([0-9-]+)"`)
	for _, r := range refs {
		_, page := manager.get("/werk/meldingen/" + r)
		if m := candidate.FindStringSubmatch(page); m != nil {
			ref, into = r, m[1]
			break
		}
	}
	if ref == "" {
		t.Fatal("no open ticket of the team has a duplicate candidate")
	}

	staff := s.staffIn("staff")
	_, page := staff.get("/werk/meldingen/" + ref)
	if candidate.MatchString(page) || !strings.Contains(page, "Samenvoegen doet de balie of een manager") {
		t.Error("a staff member is offered to merge, which the ticket API does not allow the role")
	}
	if code, _, _ := staff.post("/werk/meldingen/"+ref+"/samenvoegen", s.ticketForm(ref, "into", into), true); code != 403 {
		t.Errorf("a staff member's merge = %d, want 403", code)
	}

	code, confirm := manager.get("/werk/meldingen/" + ref + "/samenvoegen?into=" + into)
	if code != 200 || !strings.Contains(confirm, `name="into" value="`+into+`"`) || !strings.Contains(confirm, "Samenvoegen bevestigen") {
		t.Fatalf("the merge confirmation answered %d:\n%s", code, confirm)
	}
	if s.count(`SELECT count(*) FROM ticket WHERE reference = $1 AND status = 'duplicate'`, ref) != 0 {
		t.Fatal("showing the confirmation merged the ticket")
	}
	if code, _ := manager.get("/werk/meldingen/" + ref + "/samenvoegen?into="); code != http.StatusBadRequest {
		t.Errorf("a merge without a ticket to merge into = %d, want 400", code)
	}
	if code, _ := manager.get("/werk/meldingen/" + ref + "/samenvoegen?into=1777-1999-999999"); code != http.StatusBadRequest {
		t.Errorf("a merge into an unknown ticket = %d, want 400", code)
	}
	if code, loc, body := manager.post("/werk/meldingen/"+ref+"/samenvoegen", s.ticketForm(ref, "into", into), true); code != http.StatusSeeOther {
		t.Fatalf("the merge answered %d to %q:\n%s", code, loc, body)
	}
	if s.count(`SELECT count(*) FROM ticket t JOIN ticket m ON m.id = t.duplicate_of WHERE t.reference = $1 AND t.status = 'duplicate'
		AND m.reference = $2`, ref, into) != 1 {
		t.Error("the ticket is not a duplicate of the one confirmed")
	}
}

func TestAPublicReplyNeedsTheConfirmationTheServerChecks(t *testing.T) {
	s := newSite(t)
	b := s.staffIn("staff")
	ref := s.ticketWhere(`tm.code = 'groen-noord' AND ` + openSQL + ` AND t.reporter_email IS NOT NULL`)
	s.follow(ref)
	reply := "Nog niet bevestigd " + strconv.FormatInt(time.Now().UnixNano(), 36)
	published := func() int {
		return s.count(`SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.reference = $1 AND e.body = $2`, ref, reply) +
			s.count(`SELECT count(*) FROM outbox o JOIN ticket t ON t.id = o.ticket_id WHERE t.reference = $1 AND o.payload->>'body' = $2`, ref, reply)
	}
	before := s.version(ref)

	code, _, body := b.post("/werk/meldingen/"+ref+"/antwoord", s.ticketForm(ref, "body", reply), true)
	if code != http.StatusOK || !strings.Contains(body, "Dit antwoord wordt zichtbaar voor de melder") ||
		!strings.Contains(html.UnescapeString(body), reply) || !strings.Contains(body, `name="step" value="confirm"`) {
		t.Fatalf("an unconfirmed reply answered %d without the confirmation step:\n%s", code, body)
	}
	for _, v := range []string{"", "no", "on", "true"} {
		form := s.ticketForm(ref, "body", reply, "step", "confirm")
		if v != "" {
			form.Set("confirm", v)
		}
		if code, _, body := b.post("/werk/meldingen/"+ref+"/antwoord", form, true); code != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) {
			t.Errorf("the confirmation step with confirm=%q answered %d, want 400 asking again", v, code)
		}
	}
	if published() != 0 || s.version(ref) != before {
		t.Fatal("a reply without the confirmation went out")
	}
	if code, _, _ := b.post("/werk/meldingen/"+ref+"/antwoord", s.ticketForm(ref, "body", reply, "confirm", "yes", "step", "confirm"), true); code != http.StatusSeeOther {
		t.Fatalf("the confirmed reply answered %d", code)
	}
	if published() != 2 {
		t.Error("the confirmed reply is not on the timeline and in the reporter's mail")
	}
}

func TestAStaleFormIsRefusedWith409AndBadInputWith400(t *testing.T) {
	s := newSite(t)
	b := s.staffIn("staff")
	ref := s.ticketWhere(`tm.code = 'groen-noord' AND t.status = 'assigned'`)
	stale := s.ticketForm(ref)
	// Someone else writes a note in the meantime.
	other := s.staffIn("manager")
	if code, _, _ := other.post("/werk/meldingen/"+ref+"/nota", s.ticketForm(ref, "body", "Eerst"), true); code != http.StatusSeeOther {
		t.Fatalf("the first note answered %d", code)
	}
	now := s.version(ref)
	for _, c := range []struct {
		path string
		kv   []string
	}{
		{"/nota", []string{"body", "Te laat gezien"}},
		{"/antwoord", []string{"body", "Te laat verstuurd", "confirm", "yes"}},
		{"/toewijzing", []string{"to", "team:wegen"}},
		{"/status", []string{"status", "in_progress"}},
		{"/planning", []string{"date", time.Now().AddDate(0, 0, 3).Format(time.DateOnly)}},
	} {
		form := url.Values{"version": stale["version"]}
		for i := 0; i+1 < len(c.kv); i += 2 {
			form.Set(c.kv[i], c.kv[i+1])
		}
		code, _, body := b.post("/werk/meldingen/"+ref+c.path, form, true)
		if code != http.StatusConflict || !strings.Contains(body, "Iemand heeft deze melding intussen gewijzigd") {
			t.Errorf("a stale %s answered %d, want the 409 page", c.path, code)
		}
		if c.path == "/nota" && !strings.Contains(body, "Te laat gezien") {
			t.Error("the 409 page loses the note that was typed")
		}
	}
	if s.version(ref) != now {
		t.Fatal("a stale form changed the ticket")
	}

	for _, c := range []struct {
		path string
		kv   []string
		want int
	}{
		{"/nota", []string{"form", "note", "body", "   "}, 400},
		{"/nota", []string{"form", "note", "body", "Zonder versie", "version", ""}, 400},
		{"/nota", []string{"form", "note", "body", "Rare versie", "version", "v3"}, 400},
		{"/antwoord", []string{"body", ""}, 400},
		{"/toewijzing", []string{"to", "iemand"}, 400},
		{"/toewijzing", []string{"to", "staff:abc"}, 400},
		{"/toewijzing", []string{"to", "team:bestaat-niet"}, 400},
		{"/status", []string{"status", "bogus"}, 400},
		{"/status", []string{"status", ""}, 400},
		{"/status", []string{"status", "closed"}, 409}, // assigned cannot be closed: the lifecycle says so
		{"/planning", []string{"date", "morgen"}, 400},
		{"/planning", []string{"date", "2001-01-01"}, 400},
	} {
		form := s.ticketForm(ref, c.kv...)
		code, _, body := b.post("/werk/meldingen/"+ref+c.path, form, true)
		if code != c.want || !strings.Contains(body, `role="alert"`) {
			t.Errorf("%s %v answered %d, want %d with the reason", c.path, c.kv, code, c.want)
		}
		if code == 400 && c.path == "/nota" && c.kv[3] != "   " && !strings.Contains(body, c.kv[3]) {
			t.Errorf("a refused note loses what was typed: %v", c.kv)
		}
	}
	if s.version(ref) != now {
		t.Error("refused input changed the ticket")
	}
	if code, _, _ := b.post("/werk/meldingen/1777-1999-999999/nota", url.Values{"body": {"x"}, "version": {"1"}}, true); code != http.StatusNotFound {
		t.Errorf("a note on an unknown ticket answered %d, want 404", code)
	}
	if code, _, _ := b.post("/werk/meldingen/"+ref+"/nota", s.ticketForm(ref, "body", "Zonder token"), false); code != http.StatusForbidden {
		t.Errorf("a form without the CSRF field answered %d, want 403", code)
	}
}
