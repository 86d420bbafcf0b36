package areas

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// category is what the analyses need of one: its id, its code and its
// parent's code (empty for a top-level category).
type category struct {
	id     int
	code   string
	parent string
}

func loadCategories(ctx context.Context, tx pgx.Tx, municipality int) ([]category, error) {
	rows, err := tx.Query(ctx, `
		SELECT c.id, c.code, coalesce(p.code, '')
		  FROM category c
		  LEFT JOIN category p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id
		 WHERE c.municipality_id = $1
		 ORDER BY c.id`, municipality)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (category, error) {
		var c category
		err := r.Scan(&c.id, &c.code, &c.parent)
		return c, err
	})
}

// pickCategories returns the categories named by codes, a parent taking
// its sub-categories along; an unknown code is an error, not a silently
// empty answer.
func pickCategories(all []category, codes []string) ([]category, error) {
	var out []category
	for _, code := range codes {
		found := false
		for _, c := range all {
			if c.code == code || c.parent == code {
				found = true
				if !slices.ContainsFunc(out, func(o category) bool { return o.id == c.id }) {
					out = append(out, c)
				}
			}
		}
		if !found {
			return nil, errs.E(errs.Invalid, "there is no category with code %q", code)
		}
	}
	return out, nil
}

func categoryIDs(cs []category) []int32 {
	ids := make([]int32, len(cs))
	for i, c := range cs {
		ids[i] = int32(c.id)
	}
	return ids
}
