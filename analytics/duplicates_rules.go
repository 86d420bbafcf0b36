package analytics

import (
	"context"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
)

// Rule bounds the search for one category: how far from the ticket, and
// how long after a candidate ended (resolved, closed) it still counts
// (open candidates count however old they are). Share is how often the
// category's tickets turned out duplicates, which the score weighs.
type Rule struct {
	RadiusM    int     `json:"radius_m"`
	WindowDays int     `json:"window_days"`
	Share      float64 `json:"share,omitempty"` // 0: the model's overall share
}

// DefaultRule is for categories that store none: within 150 m (a street
// and its corners), and up to a month after the work ended.
var DefaultRule = Rule{RadiusM: 150, WindowDays: 30}

// The bounds a fitted rule is kept within: below 50 m a point placed on
// the wrong side of a square misses its original; beyond 250 m a pothole
// is another pothole.
const (
	minRadiusM, maxRadiusM       = 50, 250
	minWindowDays, maxWindowDays = 7, 90
)

// Rules say which rule applies to each category of a search.
type Rules struct {
	Default  Rule         // for categories without a rule; zero: DefaultRule
	Category map[int]Rule // by category id, over what the categories store
	Fixed    bool         // ignore the rules stored on categories
}

func (r Rules) def() Rule {
	if r.Default == (Rule{}) {
		return DefaultRule
	}
	return r.Default
}

// arrays lays the per-category rules out for the query's unnest.
func (r Rules) arrays() (ids, radii, windows []int32, shares []float64) {
	for _, id := range slices.Sorted(maps.Keys(r.Category)) {
		c := r.Category[id]
		ids, radii, windows = append(ids, int32(id)), append(radii, int32(c.RadiusM)), append(windows, int32(c.WindowDays))
		shares = append(shares, c.Share)
	}
	return ids, radii, windows, shares
}

// ruleOf is the rule a search applies to a category.
func (d *Duplicates) ruleOf(ctx context.Context, municipality, category int, rules Rules) (Rule, error) {
	if r, ok := rules.Category[category]; ok {
		return r, nil
	}
	def := rules.def()
	r := def
	if rules.Fixed {
		return r, nil
	}
	err := d.pool.QueryRow(ctx, `
		SELECT coalesce(duplicate_radius_m, $3), coalesce(duplicate_window_days, $4), coalesce(duplicate_share, 0)
		FROM category WHERE municipality_id = $1 AND id = $2`, municipality, category, def.RadiusM, def.WindowDays).
		Scan(&r.RadiusM, &r.WindowDays, &r.Share)
	return r, err
}

// SaveRules stores fitted rules on their categories, so every search
// (the desk's included) uses them; categories left out are not touched.
func (d *Duplicates) SaveRules(ctx context.Context, municipality int, rules map[int]Rule) error {
	return pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		for id, r := range rules {
			if _, err := tx.Exec(ctx, `UPDATE category SET duplicate_radius_m = $3, duplicate_window_days = $4,
				duplicate_share = nullif($5::real, 0) WHERE municipality_id = $1 AND id = $2`,
				municipality, id, r.RadiusM, r.WindowDays, r.Share); err != nil {
				return err
			}
		}
		return nil
	})
}

// CategoryCodes names a municipality's categories by id.
func (d *Duplicates) CategoryCodes(ctx context.Context, municipality int) (map[int]string, error) {
	rows, err := d.pool.Query(ctx, `SELECT id, code FROM category WHERE municipality_id = $1`, municipality)
	if err != nil {
		return nil, err
	}
	out := map[int]string{}
	var id int
	var code string
	_, err = pgx.ForEachRow(rows, []any{&id, &code}, func() error {
		out[id] = code
		return nil
	})
	return out, err
}
