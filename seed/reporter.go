package seed

// reporterInfo is who asked: a resident from the register, someone who
// only left contact details, or nobody (anonymous web and app reports).
type reporterInfo struct {
	resident           int64
	name, email, phone string
}

func (g *ticketGen) reporter(t *ticket) reporterInfo {
	rng := g.rng
	var linked, contact float64 // chance of a register match, of contact details only
	switch t.channel {
	case chPhone, chDesk:
		linked, contact = 0.85, 0.15
	case chEmail:
		linked, contact = 0.55, 0.45
	case chWeb:
		linked, contact = 0.5, 0.35
	default:
		linked, contact = 0.4, 0.3
	}
	r := rng.Float64()
	if r < linked {
		p := g.neighbour(t)
		res := &g.pop.people[p]
		// Online, the desk only links a report to the register via the e-mail address.
		if t.channel == chPhone || t.channel == chDesk || res.email != "" {
			return reporterInfo{resident: int64(p) + 1, name: res.first + " " + res.last, email: res.email, phone: res.phone}
		}
	} else if r >= linked+contact {
		return reporterInfo{}
	}
	o := pickOrigin(rng)
	first, last := firstName(rng, o, rng.IntN(2) == 0, 1940+rng.IntN(65)), lastName(rng, o)
	info := reporterInfo{name: first + " " + last}
	if t.channel == chPhone || t.channel == chDesk {
		info.phone = phoneNumber(rng)
	} else {
		info.email = emailLocal(first, last) + "@" + mailDomains[rng.IntN(len(mailDomains))]
	}
	return info
}

// neighbour picks an adult living at the ticket's address (home matters)
// or a few doors away: people report what is in their own street.
func (g *ticketGen) neighbour(t *ticket) int32 {
	rng := g.rng
	if categories[t.cat].atHome {
		if r := g.pop.atAddr[t.addr]; r[1] > 0 {
			first := r[0]
			if r[1] > 1 && g.pop.people[first+1].adult && rng.IntN(2) == 0 {
				return first + 1
			}
			return first
		}
	}
	n := int32(len(g.addrs))
	for range 6 {
		j := t.addr + int32(rng.IntN(81)) - 40
		if j < 0 || j >= n {
			continue
		}
		if r := g.pop.atAddr[j]; r[1] > 0 {
			return r[0]
		}
	}
	return g.pop.adults[rng.IntN(len(g.pop.adults))]
}
