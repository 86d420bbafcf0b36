package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// residentGoal is Kortrijk's population.
const residentGoal = 77_000

type resident struct {
	first, last  string
	addr         int32 // address index
	adult        bool
	email, phone string
	lang         string
	natnum       string
	birthDay     int // days since 1970-01-01
}

// population is the register plus the look-ups tickets need.
type population struct {
	people   []resident
	atAddr   [][2]int32 // per address: first resident index and count
	adults   []int32    // indexes of residents aged 18 or more
	occupied []int32    // addresses with at least one adult
}

// agePyramid is the share of Kortrijk's population per 5-year band (0–4,
// 5–9, …, 95–99), after the city's 2024 statistics, rounded.
var agePyramid = []float64{5.3, 5.4, 5.6, 5.5, 5.8, 6.4, 6.5, 6.4, 6.2, 6.2, 6.6, 7.0, 6.8, 5.8, 5.1, 4.3, 3.0, 2.0, 0.9, 0.2}

// householdSizes: one person 35 %, two 33 %, three 14 %, four 12 %, five 6 %.
var householdSizes = []float64{35, 33, 14, 12, 6}

var mailDomains = []string{"telenet.be", "gmail.com", "hotmail.com", "skynet.be", "proximus.be", "outlook.com", "yahoo.com"}

func genResidents(addrs []address, until time.Time, seed int64) *population {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e51de47))
	today := int(until.Unix() / 86400)
	pop := &population{atAddr: make([][2]int32, len(addrs))}
	used := make(map[string]bool, residentGoal)
	adultAge := newPicker(agePyramid[4:]) // bands from 20 years on
	size := newPicker(householdSizes)
	order := rng.Perm(len(addrs))
	mailN := map[string]int{}

	add := func(a int32, o origin, male bool, age int, last string) {
		birth := today - age*365 - rng.IntN(365) - age/4
		y, m, d := time.Unix(int64(birth)*86400, 0).UTC().Date()
		first := firstName(rng, o, male, y)
		r := resident{first: first, last: last, addr: a, adult: age >= 18, birthDay: birth}
		r.natnum = nationalNumber(rng, y, int(m), d, male, used)
		r.lang = pickLanguage(rng, o)
		if r.adult {
			if rng.Float64() < 0.45 {
				local := emailLocal(first, last)
				mailN[local]++ // a second Jan Maes gets jan.maes2@…
				if n := mailN[local]; n > 1 {
					local += strconv.Itoa(n)
				}
				r.email = local + "@" + mailDomains[rng.IntN(len(mailDomains))]
			}
			if rng.Float64() < 0.6 {
				r.phone = phoneNumber(rng)
			}
			pop.adults = append(pop.adults, int32(len(pop.people)))
		}
		pop.people = append(pop.people, r)
	}

	for _, ai := range order {
		if len(pop.people) >= residentGoal {
			break
		}
		if rng.Float64() < 0.08 { // shops, offices, empty homes
			continue
		}
		a := int32(ai)
		n := size.pick(rng) + 1
		if addrs[ai].box != "" && n > 2 && rng.Float64() < 0.7 {
			n = 1 + rng.IntN(2) // flats hold small households
		}
		n = min(n, residentGoal-len(pop.people))
		start := len(pop.people)
		o := pickOrigin(rng)
		last := lastName(rng, o)
		switch {
		case n == 1:
			add(a, o, rng.IntN(2) == 0, 20+adultAge.pick(rng)*5+rng.IntN(5), last)
		case n == 2 && rng.Float64() < 0.8: // a couple
			age := 20 + adultAge.pick(rng)*5 + rng.IntN(5)
			add(a, o, true, age, last)
			add(a, o, false, max(19, age-4+rng.IntN(7)), lastName(rng, o))
		default: // one or two parents with children
			age := 27 + rng.IntN(28)
			add(a, o, true, age, last)
			kids := n - 1
			if n > 2 || rng.Float64() < 0.5 {
				add(a, o, false, max(22, age-4+rng.IntN(7)), lastName(rng, o))
				kids = n - 2
			}
			for k := 0; k < kids; k++ {
				add(a, o, rng.IntN(2) == 0, rng.IntN(max(1, min(25, age-20))), last)
			}
		}
		pop.atAddr[ai] = [2]int32{int32(start), int32(len(pop.people) - start)}
		if pop.people[start].adult {
			pop.occupied = append(pop.occupied, a)
		}
	}
	return pop
}

func pickLanguage(rng *rand.Rand, o origin) string {
	r := rng.Float64()
	switch {
	case o == french && r < 0.8:
		return "fr"
	case o == other && r < 0.4:
		return "en"
	case o == flemish && r < 0.01:
		return "en"
	}
	return "nl"
}

// nationalNumber builds a valid Belgian rijksregisternummer: YYMMDD, a
// serial that is odd for men and even for women, and a mod-97 check over
// the first nine digits, prefixed with 2 for births from 2000 on.
func nationalNumber(rng *rand.Rand, y, m, d int, male bool, used map[string]bool) string {
	for {
		serial := 1 + rng.IntN(997)
		if (serial%2 == 1) != male {
			serial++
			if serial > 998 {
				serial -= 2
			}
		}
		s := natnum(y, m, d, serial)
		if !used[s] {
			used[s] = true
			return s
		}
	}
}

func natnum(y, m, d, serial int) string {
	base := int64((y%100)*10_000_000 + m*100_000 + d*1000 + serial)
	check := base
	if y >= 2000 {
		check += 2_000_000_000
	}
	return fmt.Sprintf("%09d%02d", base, 97-check%97)
}

// phoneNumber is a Belgian mobile, or now and then a Kortrijk (056) landline.
func phoneNumber(rng *rand.Rand) string {
	if rng.Float64() < 0.2 {
		return fmt.Sprintf("+32 56 %02d %02d %02d", 20+rng.IntN(60), rng.IntN(100), rng.IntN(100))
	}
	prefixes := []int{470, 471, 472, 473, 474, 475, 476, 477, 478, 479, 484, 485, 486, 487, 488, 489, 491, 492, 493, 494, 495, 496, 497, 498, 499}
	return fmt.Sprintf("+32 %d %02d %02d %02d", prefixes[rng.IntN(len(prefixes))], rng.IntN(100), rng.IntN(100), rng.IntN(100))
}

func writeResidents(ctx context.Context, pool *pgxpool.Pool, pop *population) error {
	var w copyBuf
	w.header()
	for i := range pop.people {
		r := &pop.people[i]
		w.row(10)
		w.int4(municipalityID)
		w.int8(int64(i + 1))
		w.text(r.natnum)
		w.text(r.first)
		w.text(r.last)
		w.date(r.birthDay)
		w.int8(int64(r.addr) + 1)
		w.textOrNull(r.email)
		w.textOrNull(r.phone)
		w.text(r.lang)
	}
	w.trailer()
	return copyAll(ctx, pool, "resident", []string{"municipality_id", "id", "national_number",
		"first_name", "last_name", "birth_date", "address_id", "email", "phone", "language"}, &w)
}

// picker draws an index with probability proportional to its weight.
type picker struct{ cum []float64 }

func newPicker(weights []float64) picker {
	p := picker{cum: make([]float64, len(weights))}
	s := 0.0
	for i, w := range weights {
		s += w
		p.cum[i] = s
	}
	return p
}

func (p picker) pick(rng *rand.Rand) int {
	x := rng.Float64() * p.cum[len(p.cum)-1]
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if p.cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}
