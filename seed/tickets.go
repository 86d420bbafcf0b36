package seed

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

type quality uint8

const (
	qAddress quality = iota
	qStreet
	qPoint
)

var qualityNames = [...]string{"address", "street", "point"}

// ticket is one request while its day is being put together.
type ticket struct {
	at       int64
	seq      int
	cat      int
	channel  int
	addr     int32 // the address the location was taken from
	lon, lat float64
	quality  quality
	dupOf    int64
	team     int // team index
}

// ticketGen produces the ticket history day by day, in creation order,
// straight into binary COPY buffers. One generator is one pass.
type ticketGen struct {
	c       *city
	addrs   []address
	pop     *population
	st      *staffing
	days    []day
	dm      *demand
	rng     *rand.Rand
	horizon int64

	desc         [][]template // per category
	answer       []string
	resolution   []string
	forwardNote  []string
	forwardReply []string
	ack          []string // per team
	south        []bool   // per neighbourhood id: served by Groen Zuid
	phoneSlots   picker   // half hours from 8:30 for phone and desk
	onlineHours  picker   // hours of the day for e-mail, web and app

	evs        []event
	batch      []ticket
	pending    map[int][]ticket // duplicates waiting for their day
	nextTicket int64
	nextEvent  int64
	serial     []int // per year since the first year: last reference number
	firstYear  int

	T      *stream   // nil: tickets are not written in this pass
	E      []*stream // events, spread by ticket id; empty: not written in this pass
	done   *atomic.Int64
	events *atomic.Int64
}

func newTicketGen(c *city, addrs []address, pop *population, st *staffing, days []day, dm *demand,
	horizon, seed int64) *ticketGen {
	g := &ticketGen{c: c, addrs: addrs, pop: pop, st: st, days: days, dm: dm, horizon: horizon,
		rng:       rand.New(rand.NewPCG(uint64(seed), 0x71c6e7)),
		pending:   map[int][]ticket{},
		firstYear: days[1].year,
		serial:    make([]int, days[len(days)-1].year-days[1].year+1),
		done:      new(atomic.Int64), events: new(atomic.Int64),
	}
	for _, cd := range categories {
		var ts []template
		for _, s := range descriptions[cd.code] {
			ts = append(ts, parseTemplate(s))
		}
		g.desc = append(g.desc, ts)
		g.answer = append(g.answer, cmp.Or(answers[cd.code], "Bedankt voor uw vraag, we hebben u geantwoord per e-mail."))
		g.resolution = append(g.resolution, cmp.Or(resolutions[cd.code], genericResolution))
		g.forwardNote = append(g.forwardNote, "Doorgestuurd naar "+cd.forwardTo+".")
		g.forwardReply = append(g.forwardReply, "Uw melding werd doorgegeven aan "+cd.forwardTo+
			", die hiervoor bevoegd is. U kunt hen ook rechtstreeks contacteren.")
	}
	for _, t := range teams {
		g.ack = append(g.ack, "Bedankt voor uw melding. De dienst "+t.nl+" bekijkt ze zo snel mogelijk.")
	}
	g.south = make([]bool, len(c.wijken)+1)
	for i, w := range c.wijken {
		switch w.name {
		case "Kortrijk Zuid", "Kortrijk Oost", "Marke", "Bellegem", "Aalbeke", "Kooigem", "Rollegem":
			g.south[i+1] = true
		}
	}
	// 8:30–17:00 in half hours, quieter over lunch; online: evenings too.
	g.phoneSlots = newPicker([]float64{8, 10, 10, 9, 9, 8, 5, 4, 6, 7, 7, 6, 6, 5, 4, 3, 2})
	g.onlineHours = newPicker([]float64{1, 0.5, 0.3, 0.3, 0.3, 0.6, 2, 5, 8, 9, 9, 8, 6, 7, 7, 7, 6, 6, 6, 7, 8, 7, 5, 2})
	return g
}

// run generates every day of the history.
func (g *ticketGen) run() error {
	for di := 1; di < len(g.days); di++ {
		if err := g.day(di); err != nil {
			return err
		}
	}
	return nil
}

func (g *ticketGen) day(di int) error {
	rng := g.rng
	d := &g.days[di]
	n := g.dm.count[di]
	g.batch = g.batch[:0]
	for _, t := range g.pending[di] {
		if len(g.batch) < n && t.at <= g.horizon {
			t.seq = len(g.batch)
			g.batch = append(g.batch, t)
		}
	}
	delete(g.pending, di)
	for len(g.batch) < n {
		t := ticket{seq: len(g.batch), cat: g.dm.category(rng, di)}
		t.channel = g.channel(d)
		t.at = g.moment(d, t.channel)
		g.place(&t)
		g.batch = append(g.batch, t)
	}
	slices.SortStableFunc(g.batch, func(a, b ticket) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.seq, b.seq))
	})
	for i := range g.batch {
		t := &g.batch[i]
		g.nextTicket++
		id := g.nextTicket
		g.serial[d.year-g.firstYear]++
		if err := g.emit(t, id, d.year, g.serial[d.year-g.firstYear]); err != nil {
			return err
		}
		if t.dupOf == 0 && rng.Float64() < categories[t.cat].dupRate {
			g.scheduleDuplicates(t, id, di)
		}
	}
	g.done.Add(int64(len(g.batch)))
	return nil
}

func (g *ticketGen) channel(d *day) int {
	if d.closed() {
		return g.dm.weekend.pick(g.rng)
	}
	return g.dm.weekday.pick(g.rng)
}

// moment picks the time a ticket comes in: phone and desk in office hours
// (a Saturday-morning phone service at the weekend), online at any hour.
func (g *ticketGen) moment(d *day, ch int) int64 {
	rng := g.rng
	var sod int64
	switch {
	case (ch == chPhone || ch == chDesk) && d.closed():
		sod = 9*3600 + rng.Int64N(3*3600)
	case ch == chPhone || ch == chDesk:
		sod = 8*3600 + 1800 + int64(g.phoneSlots.pick(rng))*1800 + rng.Int64N(1800)
	default:
		sod = int64(g.onlineHours.pick(rng))*3600 + rng.Int64N(3600)
	}
	t := d.midnight + sod
	if t > g.horizon { // the last day may be cut short
		t = max(d.midnight, g.horizon-rng.Int64N(3600))
	}
	return t
}

// place puts the ticket at or near an address: someone's home for home
// matters, anywhere in town otherwise.
func (g *ticketGen) place(t *ticket) {
	rng := g.rng
	c := &categories[t.cat]
	if c.atHome {
		t.addr = g.pop.occupied[rng.IntN(len(g.pop.occupied))]
	} else {
		t.addr = int32(rng.IntN(len(g.addrs)))
	}
	a := &g.addrs[t.addr]
	t.lon, t.lat, t.quality = a.lon, a.lat, qAddress
	if !c.atHome {
		r := rng.Float64()
		switch {
		case t.channel == chApp && r < 0.75, t.channel != chApp && r < 0.05:
			t.quality = qPoint // a GPS position
		case t.channel != chApp && r < 0.15:
			t.quality = qStreet // "somewhere in the Leiestraat"
		}
		if t.quality != qAddress {
			t.lon, t.lat = g.jitter(a, 40)
		}
	}
	t.team = g.teamFor(t.cat, int(a.nbh))
}

// jitter moves up to maxM metres from an address, but never further than
// its clearance, so the point stays in the same neighbourhood and city.
func (g *ticketGen) jitter(a *address, maxM float64) (lon, lat float64) {
	r := math.Min(float64(a.clear)*0.9, maxM) * math.Sqrt(g.rng.Float64())
	th := g.rng.Float64() * 2 * math.Pi
	return a.lon + r*math.Cos(th)/mPerDegLo, a.lat + r*math.Sin(th)/mPerDegLa
}

// teamFor is the category's team; green work is split north and south.
func (g *ticketGen) teamFor(cat, nbh int) int {
	t := teamIndex(categories[cat].team)
	if teams[t].code == "groen-noord" && g.south[nbh] {
		return teamIndex("groen-zuid")
	}
	return t
}

// scheduleDuplicates lets neighbours report the same broken light or
// dumping pile again on one of the next days, a few tens of metres away.
func (g *ticketGen) scheduleDuplicates(t *ticket, id int64, di int) {
	rng := g.rng
	k := 1
	if rng.Float64() < 0.35 {
		k++
	}
	if rng.Float64() < 0.1 {
		k++
	}
	for range k {
		dd := di + 1 + rng.IntN(3)
		if dd >= len(g.days) {
			continue
		}
		dup := ticket{cat: t.cat, addr: t.addr, dupOf: id, quality: qPoint, team: t.team}
		dup.channel = g.channel(&g.days[dd])
		dup.at = g.moment(&g.days[dd], dup.channel)
		dup.lon, dup.lat = g.jitter(&g.addrs[t.addr], 50)
		g.pending[dd] = append(g.pending[dd], dup)
	}
}

// emit writes one ticket and its history.
func (g *ticketGen) emit(t *ticket, id int64, year, serial int) error {
	g.lifecycle(t)
	o := g.outcome()
	rep := g.reporter(t)
	c := &categories[t.cat]
	a := &g.addrs[t.addr]
	if g.T != nil {
		w := &g.T.w
		w.row(28)
		w.int4(municipalityID)
		w.int8(id)
		s := w.begin()
		w.b = append(w.b, ticketPrefix+"-"...)
		w.b = strconv.AppendInt(w.b, int64(year), 10)
		w.b = append(w.b, '-')
		w.b = appendPadded(w.b, serial, 6)
		w.end(s)
		w.text(channels[t.channel])
		w.int4(t.cat + 1)
		w.text(statusNames[o.status])
		switch {
		case o.status != stWaiting:
			w.null()
		case o.waiting == dWaitPlanning:
			w.text("planning")
		default:
			w.text("citizen")
		}
		w.int2(cmp.Or(c.priority, 2))
		s = w.begin()
		g.describe(w, t, a)
		w.end(s)
		w.point(t.lon, t.lat)
		if t.quality == qAddress {
			w.int8(int64(t.addr) + 1)
		} else {
			w.null()
		}
		s = w.begin()
		g.addressText(w, t, a)
		w.end(s)
		w.int4(int(a.nbh))
		w.text(qualityNames[t.quality])
		w.int8OrNull(rep.resident)
		w.textOrNull(rep.name)
		w.textOrNull(rep.email)
		w.textOrNull(rep.phone)
		w.int4(t.team + 1)
		w.int4OrNull(int(o.assignee))
		if o.status == stDuplicate {
			w.int8(t.dupOf)
		} else {
			w.null()
		}
		w.ts(t.at)
		w.ts(o.updated)
		w.ts(t.at + int64(c.targetDays)*86400)
		w.dateOrNull(o.planned)
		w.tsOrNull(o.resolvedAt)
		w.tsOrNull(o.closedAt)
		w.int4(o.n)
		if err := g.T.flush(false); err != nil {
			return err
		}
	}
	if len(g.E) > 0 {
		s := g.E[id%int64(len(g.E))]
		g.writeEvents(s, id, o.n)
		if err := s.flush(false); err != nil {
			return err
		}
	} else {
		g.nextEvent += int64(o.n)
	}
	g.events.Add(int64(o.n))
	return nil
}

var ticketColumns = []string{"municipality_id", "id", "reference", "channel", "category_id", "status", "waiting_on",
	"priority", "description", "geom", "address_id", "address_text", "neighbourhood_id", "geocode_quality",
	"reporter_resident_id", "reporter_name", "reporter_email", "reporter_phone", "team_id", "assignee_id",
	"duplicate_of", "created_at", "updated_at", "due_at", "planned_for", "resolved_at", "closed_at", "version"}

var eventColumns = []string{"municipality_id", "id", "ticket_id", "kind", "visibility", "author_staff_id",
	"author_label", "from_status", "to_status", "body", "data", "created_at"}

func appendPadded(b []byte, v, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func (g *ticketGen) addressText(w *copyBuf, t *ticket, a *address) {
	street := g.c.streets[a.street].name
	switch t.quality {
	case qStreet:
		w.b = append(w.b, street...)
	case qPoint:
		w.b = append(w.b, "ter hoogte van "...)
		fallthrough
	default:
		w.b = append(w.b, street...)
		w.b = append(w.b, ' ')
		w.b = append(w.b, a.number...)
		if a.box != "" && t.quality == qAddress {
			w.b = append(w.b, " bus "...)
			w.b = append(w.b, a.box...)
		}
	}
	w.b = append(w.b, ", "...)
	w.b = append(w.b, g.c.postcode[a.deel]...)
	w.b = append(w.b, ' ')
	w.b = append(w.b, g.c.place[a.deel]...)
}

// template is a description with slots, split once so filling it in is
// only appending.
type template []segment

type segment struct {
	lit  string
	slot string // "", "straat", "nr", "adres", "dagen", "plek"
}

func parseTemplate(s string) template {
	var t template
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			t = append(t, segment{lit: s})
			break
		}
		j := strings.IndexByte(s[i:], '}')
		t = append(t, segment{lit: s[:i], slot: s[i+1 : i+j]})
		s = s[i+j+1:]
	}
	return t
}

func (g *ticketGen) describe(w *copyBuf, t *ticket, a *address) {
	ts := g.desc[t.cat]
	if len(ts) == 0 {
		return
	}
	street := g.c.streets[a.street].name
	for _, seg := range ts[g.rng.IntN(len(ts))] {
		w.b = append(w.b, seg.lit...)
		switch seg.slot {
		case "straat":
			w.b = append(w.b, street...)
		case "nr":
			w.b = append(w.b, a.number...)
		case "adres":
			w.b = append(w.b, street...)
			w.b = append(w.b, ' ')
			w.b = append(w.b, a.number...)
		case "dagen":
			w.appendInt(int64(2 + g.rng.IntN(12)))
		case "plek":
			w.b = append(w.b, g.c.place[a.deel]...)
		}
	}
}
