package seed

import (
	"math"
	"time"
)

type status uint8

const (
	stNone status = iota
	stNew
	stTriaged
	stAssigned
	stInProgress
	stWaiting
	stResolved
	stClosed
	stRejected
	stDuplicate
)

var statusNames = [...]string{"", "new", "triaged", "assigned", "in_progress", "waiting", "resolved", "closed", "rejected", "duplicate"}

type evKind uint8

const (
	evCreated evKind = iota
	evStatus
	evAssignment
	evPublicReply
	evInternalNote
	evCitizenComment
	evMerge
	evPlanning
)

var kindNames = [...]string{"created", "status", "assignment", "public_reply", "internal_note", "citizen_comment", "merge", "planning"}

type dataKind uint8

const (
	dNone dataKind = iota
	dAssign
	dWaitCitizen
	dWaitPlanning
	dMerge
	dForward
)

// event is one line of a ticket's timeline. Status changes travel on the
// event that causes them (the assignment moves triaged → assigned, the
// merge moves new → duplicate), so from/to chain from 'created' (→ new)
// to the ticket's current status.
type event struct {
	at       int64
	kind     evKind
	public   bool
	staff    int32
	label    string
	from, to status
	body     string
	data     dataKind
	a, b     int64  // data values: team and assignee, planned day, duplicate id
	s        string // data string: forwarded to
	assign   int32  // the ticket's assignee from this event on
}

// Labels of authors who are not staff.
const (
	labelSystem  = "systeem"
	labelCitizen = "melder"
)

var channelLabel = [...]string{"melder via telefoon", "melder via e-mail", "melder via website", "melder via 1777-app", "melder aan de balie"}

func (g *ticketGen) add(e event) { g.evs = append(g.evs, e) }

// after moves now on by a log-normal duration (median in hours) and, unless
// the matter is urgent, to the next moment the city's services work.
func (g *ticketGen) after(now int64, medianHours, sigma float64, urgent bool) int64 {
	now += int64(medianHours * 3600 * math.Exp(g.rng.NormFloat64()*sigma))
	if urgent {
		return now
	}
	return g.workTime(now)
}

// workTime is t, or the start of the next working period (7:30–16:30 on
// working days) when t falls outside one.
func (g *ticketGen) workTime(t int64) int64 {
	for range 12 {
		i := g.dayIndex(t)
		if i < 0 || i >= len(g.days) {
			return t
		}
		d := &g.days[i]
		sod := t - d.midnight
		if !d.closed() {
			if sod < 7*3600+1800 {
				return d.midnight + 7*3600 + 1800 + g.rng.Int64N(5400)
			}
			if sod < 16*3600+1800 {
				return t
			}
		}
		if i+1 < len(g.days) {
			t = g.days[i+1].midnight
		} else {
			t = d.midnight + 86400
		}
	}
	return t
}

// dayIndex finds the calendar day holding t (-1 before, len(days) after).
func (g *ticketGen) dayIndex(t int64) int {
	m0 := g.days[0].midnight
	if t < m0 {
		return -1
	}
	i := int((t - m0) / 86400)
	if i >= len(g.days) {
		i = len(g.days) - 1
	}
	for i+1 < len(g.days) && g.days[i+1].midnight <= t {
		i++
	}
	for i > 0 && g.days[i].midnight > t {
		i--
	}
	if t >= g.days[i].midnight+90000 {
		return len(g.days)
	}
	return i
}

// lifecycle writes the ticket's whole planned history into g.evs; the
// caller keeps what happened before the horizon.
func (g *ticketGen) lifecycle(t *ticket) {
	g.evs = g.evs[:0]
	rng := g.rng
	c := &categories[t.cat]
	urgent := c.priority == 1
	agent := g.st.agents[rng.IntN(len(g.st.agents))]
	created := event{at: t.at, kind: evCreated, public: true, to: stNew}
	if t.channel == chPhone || t.channel == chDesk {
		created.staff = agent // the desk agent typed it in
	} else {
		created.label = channelLabel[t.channel]
	}
	g.add(created)
	now := t.at

	if t.dupOf != 0 {
		now = g.after(now, 2, 0.8, urgent)
		g.add(event{at: now, kind: evMerge, public: true, staff: agent, from: stNew, to: stDuplicate,
			body: "Samengevoegd met een eerdere melding van hetzelfde probleem.", data: dMerge, a: t.dupOf})
		return
	}
	team := t.team
	switch c.flow {
	case flowAnswer:
		var who int32
		from := stNew
		if team == 0 { // the desk answers itself
			now = g.after(now, 3, 1, false)
			who = agent
		} else {
			now = g.after(now, 2, 0.8, false)
			g.add(event{at: now, kind: evStatus, public: true, staff: agent, from: stNew, to: stTriaged})
			now = g.after(now, 20, 0.8, false)
			who = g.worker(team)
			g.add(event{at: now, kind: evAssignment, staff: g.st.managers[team], from: stTriaged, to: stAssigned,
				data: dAssign, a: int64(team + 1), b: int64(who), assign: who})
			now = g.after(now, 24*float64(c.targetDays)/5, 0.8, false)
			from = stAssigned
		}
		g.add(event{at: now, kind: evPublicReply, public: true, staff: who, body: g.answer[t.cat], assign: who})
		now += 60
		g.add(event{at: now, kind: evStatus, public: true, staff: who, from: from, to: stResolved, assign: who})
		g.close(now, 7)
	case flowForward:
		// The team that knows the competent body passes it on.
		who := agent
		if team != 0 {
			who = g.worker(team)
		}
		now = g.after(now, 2, 0.8, false)
		g.add(event{at: now, kind: evStatus, public: true, staff: agent, from: stNew, to: stTriaged})
		now = g.after(now+120, 4, 0.8, false)
		g.add(event{at: now, kind: evInternalNote, staff: who, body: g.forwardNote[t.cat], data: dForward, s: c.forwardTo})
		now += 60
		g.add(event{at: now, kind: evPublicReply, public: true, staff: who, body: g.forwardReply[t.cat], assign: who})
		now += 60
		g.add(event{at: now, kind: evStatus, public: true, staff: who, from: stTriaged, to: stResolved, assign: who})
		g.close(now, 7)
	default:
		g.fieldWork(t, now, agent, urgent)
	}
}

// fieldWork is the road of anything a team must go and do.
func (g *ticketGen) fieldWork(t *ticket, now int64, agent int32, urgent bool) {
	rng := g.rng
	c := &categories[t.cat]
	team := t.team
	triage := 3.0
	if urgent {
		triage = 0.5
	}
	now = g.after(now, triage, 0.9, urgent)
	g.add(event{at: now, kind: evStatus, public: true, staff: agent, from: stNew, to: stTriaged})
	if rng.Float64() < 0.15 {
		g.add(event{at: now + 60, kind: evPublicReply, public: true, staff: agent, body: g.ack[team]})
		now += 60
	}
	manager := g.st.managers[team]
	if rng.Float64() < 0.04 {
		now = g.after(now, 24, 0.8, false)
		g.add(event{at: now, kind: evStatus, public: true, staff: manager, from: stTriaged, to: stRejected,
			body: rejectReasons[rng.IntN(len(rejectReasons))]})
		return
	}
	who := g.worker(team)
	assignH, startH := 18.0, 30.0
	if urgent {
		assignH, startH = 1, 1.5
	}
	now = g.after(now, assignH, 0.8, urgent)
	g.add(event{at: now, kind: evAssignment, staff: manager, from: stTriaged, to: stAssigned,
		data: dAssign, a: int64(team + 1), b: int64(who), assign: who})
	// Planned work waits for its date; some reports need a question to the
	// citizen; half of the rest is done on the first visit, straight from
	// the work order to done.
	planning := (c.flow == flowPlanning && rng.Float64() < 0.8) || (c.flow != flowPlanning && rng.Float64() < 0.08)
	ask := !planning && rng.Float64() < 0.07
	cur := stAssigned
	if planning || ask || rng.Float64() < 0.5 {
		now = g.after(now, startH, 0.9, urgent)
		g.add(event{at: now, kind: evStatus, public: true, staff: who, from: stAssigned, to: stInProgress})
		cur = stInProgress
	}
	if c.forwardTo != "" && rng.Float64() < 0.7 {
		now += 300
		g.add(event{at: now, kind: evInternalNote, staff: who, body: g.forwardNote[t.cat], data: dForward, s: c.forwardTo})
	} else if rng.Float64() < 0.15 {
		now += 600 + rng.Int64N(7200)
		g.add(event{at: now, kind: evInternalNote, staff: who, body: internalNotes[rng.IntN(len(internalNotes))]})
	}
	switch {
	case planning:
		now = g.after(now, 6, 0.8, false)
		days := 30 + rng.IntN(31)
		if rng.Float64() < 0.15 { // next season's felling or paving campaign
			days = 180 + rng.IntN(121)
		}
		planned := g.unixDayOf(now) + days
		g.add(event{at: now, kind: evPlanning, public: true, staff: who, from: cur, to: stWaiting,
			body: "Dit werk wordt ingepland; de geplande datum staat in uw dossier.", data: dWaitPlanning, a: int64(planned)})
		now = g.workTime(g.localMidnight(planned) + 7*3600 + 1800 + rng.Int64N(4*3600))
		g.add(event{at: now, kind: evStatus, public: true, staff: who, from: stWaiting, to: stInProgress})
	case ask:
		now = g.after(now, 20, 0.8, false)
		g.add(event{at: now, kind: evPublicReply, public: true, staff: who, body: citizenQuestions[rng.IntN(len(citizenQuestions))]})
		g.add(event{at: now + 60, kind: evStatus, public: true, staff: who, from: cur, to: stWaiting,
			data: dWaitCitizen})
		if rng.Float64() < 0.75 {
			now += 3600 + int64(48*3600*math.Exp(rng.NormFloat64()))
			g.add(event{at: now, kind: evCitizenComment, public: true, label: labelCitizen,
				body: citizenComments[rng.IntN(len(citizenComments))]})
			now = g.workTime(now + 1800)
			g.add(event{at: now, kind: evStatus, public: true, staff: who, from: stWaiting, to: stInProgress})
		} else {
			now = g.workTime(now + 30*86400)
			g.add(event{at: now, kind: evStatus, public: true, staff: who, from: stWaiting, to: stResolved,
				body: "Zonder reactie afgesloten. U kunt altijd een nieuwe melding maken.", assign: who})
			g.close(now, 14)
			return
		}
	}
	work := math.Max(2, 24*float64(c.targetDays)*0.35)
	if urgent {
		work = 4
	}
	now = g.after(now, work, 0.8, urgent)
	if planning || ask {
		cur = stInProgress
	}
	g.add(event{at: now, kind: evStatus, public: true, staff: who, from: cur, to: stResolved,
		body: g.resolution[t.cat], assign: who})
	g.close(now, 14)
}

// close adds the nightly automatic closing some days after resolution.
func (g *ticketGen) close(resolved int64, days int) {
	i := g.dayIndex(resolved)
	var at int64
	if i >= 0 && i+days < len(g.days) {
		at = g.days[i+days].midnight + 2*3600 + g.rng.Int64N(1800)
	} else {
		at = resolved + int64(days)*86400
	}
	g.add(event{at: at, kind: evStatus, public: true, label: labelSystem, from: stResolved, to: stClosed})
}

func (g *ticketGen) worker(team int) int32 {
	w := g.st.workers[team]
	return w[g.rng.IntN(len(w))]
}

func (g *ticketGen) unixDayOf(t int64) int {
	if i := g.dayIndex(t); i >= 0 && i < len(g.days) {
		return g.days[i].unixDay
	}
	return int((t + 3600) / 86400)
}

func (g *ticketGen) localMidnight(unixDay int) int64 {
	i := unixDay - g.days[0].unixDay
	if i >= 0 && i < len(g.days) {
		return g.days[i].midnight
	}
	return int64(unixDay)*86400 - 3600
}

// outcome is what the history up to the horizon says about the ticket.
type outcome struct {
	n                    int // events that happened
	status               status
	waiting              dataKind
	assignee             int32
	planned              int
	updated              int64
	resolvedAt, closedAt int64
}

func (g *ticketGen) outcome() outcome {
	var o outcome
	for _, e := range g.evs {
		if e.at > g.horizon {
			break
		}
		o.n++
		o.updated = e.at
		if e.assign != 0 {
			o.assignee = e.assign
		}
		if e.data == dWaitPlanning {
			o.planned = int(e.a)
		}
		if e.to != stNone {
			o.status = e.to
			o.waiting = e.data
			switch e.to {
			case stResolved:
				o.resolvedAt = e.at
			case stClosed, stRejected, stDuplicate:
				o.closedAt = e.at
			}
		}
	}
	if o.status == stNew || o.status == stTriaged || o.status == stRejected || o.status == stDuplicate {
		o.assignee = 0
	}
	return o
}

// writeEvents encodes the events that happened.
func (g *ticketGen) writeEvents(s *stream, ticketID int64, n int) {
	w := &s.w
	for _, e := range g.evs[:n] {
		g.nextEvent++
		w.row(12)
		w.int4(municipalityID)
		w.int8(g.nextEvent)
		w.int8(ticketID)
		w.text(kindNames[e.kind])
		if e.public {
			w.text("public")
		} else {
			w.text("internal")
		}
		w.int4OrNull(int(e.staff))
		w.textOrNull(e.label)
		w.textOrNull(statusNames[e.from])
		w.textOrNull(statusNames[e.to])
		w.text(e.body)
		s := w.jsonbStart()
		switch e.data {
		case dNone:
			w.b = append(w.b, "{}"...)
		case dAssign:
			w.b = append(w.b, `{"team_id": `...)
			w.appendInt(e.a)
			w.b = append(w.b, `, "assignee_id": `...)
			w.appendInt(e.b)
			w.b = append(w.b, '}')
		case dWaitCitizen:
			w.b = append(w.b, `{"waiting_on": "citizen"}`...)
		case dWaitPlanning:
			w.b = append(w.b, `{"waiting_on": "planning", "planned_for": "`...)
			w.b = appendDate(w.b, int(e.a))
			w.b = append(w.b, `"}`...)
		case dMerge:
			w.b = append(w.b, `{"duplicate_of": `...)
			w.appendInt(e.a)
			w.b = append(w.b, '}')
		case dForward:
			w.b = append(w.b, `{"forwarded_to": "`...)
			w.b = append(w.b, e.s...)
			w.b = append(w.b, `"}`...)
		}
		w.end(s)
		w.ts(e.at)
	}
}

func appendDate(b []byte, unixDay int) []byte {
	return time.Unix(int64(unixDay)*86400, 0).UTC().AppendFormat(b, time.DateOnly)
}
