package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/bcrypt"
)

// Login is a fixed demo account; its password is the same for all.
type Login struct {
	Email    string
	Password string
	Role     string
}

// DemoLogins are the accounts `loket demo` prints. Read-only.
var DemoLogins = []Login{
	{"agent@kortrijk.demo", demoPassword, "agent"},
	{"staff@kortrijk.demo", demoPassword, "staff"},
	{"field@kortrijk.demo", demoPassword, "field"},
	{"manager@kortrijk.demo", demoPassword, "manager"},
	{"admin@kortrijk.demo", demoPassword, "admin"},
}

const demoPassword = "demo"

// DemoCitizen is the portal's demo account: the resident who reported the
// most tickets, so "Mijn gemeente" shows a full list. Read-only.
var DemoCitizen = Login{"burger@kortrijk.demo", demoPassword, "citizen"}

// writeDemoCitizen opens DemoCitizen's verified account, linked to that
// resident's register entry.
func writeDemoCitizen(ctx context.Context, pool *pgxpool.Pool) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(DemoCitizen.Password), 10)
	if err != nil {
		return err
	}
	_, err = pool.Exec(ctx, `INSERT INTO citizen (municipality_id, email, email_verified_at, name, language, resident_id, password_hash)
		SELECT $1, $2, now(), r.first_name || ' ' || r.last_name, 'nl', r.id, $3
		FROM (SELECT reporter_resident_id AS id FROM ticket WHERE municipality_id = $1 AND reporter_resident_id IS NOT NULL
		      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) top
		JOIN resident r ON r.municipality_id = $1 AND r.id = top.id`, municipalityID, DemoCitizen.Email, string(hash))
	if err != nil {
		return fmt.Errorf("seed: demo citizen: %w", err)
	}
	return nil
}

// demoTeams puts the demo staff, field worker and manager in one green
// team, so a demo shows one team's work from every side.
var demoTeams = map[string]string{
	"agent":   "onthaal-1777",
	"staff":   "groen-noord",
	"field":   "groen-noord",
	"manager": "groen-noord",
	"admin":   "",
}

// teamStaffing: managers, back-office staff and field workers per team.
// The desk's "staff" are its agents.
var teamStaffing = map[string][3]int{
	"onthaal-1777":             {1, 12, 0},
	"afval-netheid":            {1, 2, 6},
	"groen-noord":              {1, 2, 6},
	"groen-zuid":               {1, 2, 6},
	"wegen":                    {1, 2, 7},
	"verlichting-signalisatie": {1, 2, 3},
	"riolering":                {1, 1, 4},
	"mobiliteit":               {1, 3, 0},
	"milieu-dierenwelzijn":     {1, 2, 2},
	"preventie-handhaving":     {1, 2, 3},
	"cultuur":                  {1, 2, 0},
	"burgerzaken":              {1, 4, 0},
	"communicatie":             {1, 2, 0},
	"omgeving":                 {1, 3, 0},
}

type staffMember struct {
	name, email, phone string
	team               int // team id, 0 for none
	roles              []string
	demo               bool
}

// staffing is the staff table plus who can do what per team (ids).
type staffing struct {
	members  []staffMember
	workers  [][]int32 // per team index: who gets tickets assigned
	managers []int32   // per team index
	agents   []int32   // the desk agents who register phone and desk tickets
}

func genStaff(seed int64) *staffing {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x57aff))
	s := &staffing{workers: make([][]int32, len(teams)), managers: make([]int32, len(teams))}
	seen := map[string]int{}
	add := func(m staffMember) int32 {
		s.members = append(s.members, m)
		return int32(len(s.members))
	}
	person := func(team int, roles ...string) int32 {
		male := rng.IntN(2) == 0
		o := pickOrigin(rng)
		first := firstName(rng, o, male, 1965+rng.IntN(38))
		last := lastName(rng, o)
		local := emailLocal(first, last)
		seen[local]++
		if n := seen[local]; n > 1 {
			local += strconv.Itoa(n)
		}
		n := len(s.members)
		return add(staffMember{
			name: first + " " + last, email: local + "@kortrijk.be",
			phone: fmt.Sprintf("+32 56 27 %02d %02d", 20+n/100, n%100),
			team:  team, roles: roles,
		})
	}
	for ti, t := range teams {
		st := teamStaffing[t.code]
		id := ti + 1
		if ti == 0 {
			s.managers[ti] = person(id, "manager", "agent")
			for i := 0; i < st[1]; i++ {
				a := person(id, "agent")
				s.agents = append(s.agents, a)
				s.workers[ti] = append(s.workers[ti], a)
			}
			continue
		}
		s.managers[ti] = person(id, "manager", "staff")
		for i := 0; i < st[1]; i++ {
			s.workers[ti] = append(s.workers[ti], person(id, "staff"))
		}
		for i := 0; i < st[2]; i++ {
			s.workers[ti] = append(s.workers[ti], person(id, "field"))
		}
	}
	person(0, "admin")
	person(0, "admin")
	for _, l := range DemoLogins {
		team := 0
		if code := demoTeams[l.Role]; code != "" {
			team = teamIndex(code) + 1
		}
		id := add(staffMember{name: "Demo " + l.Role, email: l.Email, phone: "+32 56 27 99 0" + strconv.Itoa(len(s.members)%10),
			team: team, roles: []string{l.Role}, demo: true})
		switch l.Role {
		case "agent":
			s.agents = append(s.agents, id)
			s.workers[team-1] = append(s.workers[team-1], id)
		case "staff", "field":
			s.workers[team-1] = append(s.workers[team-1], id)
		}
	}
	return s
}

func writeStaff(ctx context.Context, pool *pgxpool.Pool, s *staffing) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(demoPassword), 10)
	if err != nil {
		return err
	}
	for i, m := range s.members {
		var team, pw any
		if m.team != 0 {
			team = m.team
		}
		if m.demo {
			pw = string(hash)
		}
		_, err := pool.Exec(ctx, `INSERT INTO staff (municipality_id, id, team_id, name, email, phone, roles, password_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, municipalityID, i+1, team, m.name, m.email, m.phone, m.roles, pw)
		if err != nil {
			return fmt.Errorf("seed: staff %s: %w", m.email, err)
		}
	}
	return nil
}
