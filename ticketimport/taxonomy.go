package ticketimport

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
)

// taxonomy is what the cases need to exist first: a team per queue, a
// category per type, and a parent category per reason that groups related
// types (duplicate detection treats siblings as related).
type taxonomy struct {
	teams      map[string]string // code → name
	parents    []categoryDef
	categories []categoryDef
}

type categoryDef struct {
	code, name, parent, team string
	targetDays               int
}

// reasonPrefix keeps a reason's code apart from a type's of the same
// name (Boston has a reason and a type both called Notification).
const reasonPrefix = "reason-"

// defaultTargetDays is the schema's default, for types without targets.
const defaultTargetDays = 21

// buildTaxonomy derives teams and categories from the cases: a type's
// team is the queue most of its cases went to, its parent the reason most
// of them gave, its target the median days its cases were given.
func buildTaxonomy(cases []bostonCase) taxonomy {
	type tally struct {
		reasons, queues map[string]int
		name            string
		days            []int
	}
	kinds, reasons := map[string]*tally{}, map[string]*tally{}
	get := func(m map[string]*tally, code, name string) *tally {
		t := m[code]
		if t == nil {
			t = &tally{reasons: map[string]int{}, queues: map[string]int{}, name: name}
			m[code] = t
		}
		return t
	}
	tx := taxonomy{teams: map[string]string{}}
	for _, c := range cases {
		tx.teams[slug(c.queue)] = c.queue
		k := get(kinds, slug(c.kind), c.kind)
		k.reasons[c.reason]++
		k.queues[slug(c.queue)]++
		if !c.target.IsZero() {
			k.days = append(k.days, int(c.target.Sub(c.opened).Hours()/24+0.5))
		}
		get(reasons, reasonPrefix+slug(c.reason), c.reason).queues[slug(c.queue)]++
	}
	for _, code := range slices.Sorted(maps.Keys(reasons)) {
		r := reasons[code]
		tx.parents = append(tx.parents, categoryDef{code: code, name: r.name, team: most(r.queues), targetDays: defaultTargetDays})
	}
	for _, code := range slices.Sorted(maps.Keys(kinds)) {
		k := kinds[code]
		tx.categories = append(tx.categories, categoryDef{code: code, name: k.name,
			parent: reasonPrefix + slug(most(k.reasons)), team: most(k.queues), targetDays: median(k.days)})
	}
	return tx
}

// most is the key with the highest count; ties go to the smallest key,
// so the same file always gives the same taxonomy.
func most(counts map[string]int) string {
	keys := slices.Sorted(maps.Keys(counts))
	return slices.MaxFunc(keys, func(a, b string) int {
		if c := cmp.Compare(counts[a], counts[b]); c != 0 {
			return c
		}
		return cmp.Compare(b, a)
	})
}

func median(days []int) int {
	if len(days) == 0 {
		return defaultTargetDays
	}
	slices.Sort(days)
	return min(max(days[len(days)/2], 0), 730)
}

// writeTaxonomy adds the teams and categories a municipality lacks and
// returns the ids of all of them by code. Existing ones are left as they
// are: an administrator may have renamed or rerouted them.
func writeTaxonomy(ctx context.Context, tx pgx.Tx, municipality int, t taxonomy) (teams, categories map[string]int, err error) {
	codes, names := slices.Collect(maps.Keys(t.teams)), []string{}
	for _, c := range codes {
		names = append(names, t.teams[c])
	}
	if _, err = tx.Exec(ctx, `
		INSERT INTO team (municipality_id, code, name_nl, name_fr, name_en)
		SELECT $1, code, name, name, name FROM unnest($2::text[], $3::text[]) AS t (code, name)
		ON CONFLICT (municipality_id, code) DO NOTHING`, municipality, codes, names); err != nil {
		return nil, nil, err
	}
	if teams, err = idsByCode(ctx, tx, `SELECT code, id FROM team WHERE municipality_id = $1`, municipality); err != nil {
		return nil, nil, err
	}
	// Parents first, so that the children's parent codes resolve.
	for _, defs := range [][]categoryDef{t.parents, t.categories} {
		var code, name, parent, team []string
		var target []int32
		for _, d := range defs {
			code, name, parent, team = append(code, d.code), append(name, d.name), append(parent, d.parent), append(team, d.team)
			target = append(target, int32(d.targetDays))
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO category (municipality_id, code, parent_id, name_nl, name_fr, name_en, default_team_id, target_days)
			SELECT $1, d.code, p.id, d.name, d.name, d.name, tm.id, d.target
			FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS d (code, name, parent, team, target)
			JOIN team tm ON tm.municipality_id = $1 AND tm.code = d.team
			LEFT JOIN category p ON p.municipality_id = $1 AND p.code = d.parent
			ON CONFLICT (municipality_id, code) DO NOTHING`, municipality, code, name, parent, team, target)
		if err != nil {
			return nil, nil, err
		}
	}
	categories, err = idsByCode(ctx, tx, `SELECT code, id FROM category WHERE municipality_id = $1`, municipality)
	return teams, categories, err
}

func idsByCode(ctx context.Context, tx pgx.Tx, query string, municipality int) (map[string]int, error) {
	rows, err := tx.Query(ctx, query, municipality)
	if err != nil {
		return nil, err
	}
	ids := map[string]int{}
	var code string
	var id int
	_, err = pgx.ForEachRow(rows, []any{&code, &id}, func() error {
		ids[code] = id
		return nil
	})
	return ids, err
}
