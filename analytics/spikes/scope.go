package spikes

import (
	"context"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// scope is a Query resolved against the database: the categories and
// neighbourhoods by id, with the names alerts carry.
type scope struct {
	municipality   int
	categories     map[int]Category      // every category, by id
	chosen         []int                 // categories asked for; nil: all
	neighbourhoods map[int]Neighbourhood // every neighbourhood, by id
	neighbourhood  int                   // the one asked for; 0: all
}

func resolve(ctx context.Context, tx pgx.Tx, municipality int, q Query, language string) (*scope, error) {
	sc := &scope{municipality: municipality, categories: map[int]Category{}, neighbourhoods: map[int]Neighbourhood{}}
	parents, err := readCategories(ctx, tx, sc, language)
	if err != nil {
		return nil, err
	}
	if sc.chosen, err = pickCategories(sc.categories, parents, q.Categories); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT id, code, name FROM neighbourhood WHERE municipality_id = $1`, municipality)
	if err != nil {
		return nil, err
	}
	var id int
	var n Neighbourhood
	_, err = pgx.ForEachRow(rows, []any{&id, &n.Code, &n.Name}, func() error {
		sc.neighbourhoods[id] = n
		if n.Code == q.Neighbourhood {
			sc.neighbourhood = id
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if q.Neighbourhood != "" && sc.neighbourhood == 0 {
		return nil, errs.E(errs.Invalid, "there is no neighbourhood with code %q", q.Neighbourhood)
	}
	return sc, nil
}

// readCategories fills sc.categories with names in language and returns
// each category's parent code ("" for a top-level one).
func readCategories(ctx context.Context, tx pgx.Tx, sc *scope, language string) (map[int]string, error) {
	rows, err := tx.Query(ctx, `
		SELECT c.id, c.code,
		       CASE $2 WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END,
		       coalesce(p.code, '')
		  FROM category c
		  LEFT JOIN category p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id
		 WHERE c.municipality_id = $1`, sc.municipality, language)
	if err != nil {
		return nil, err
	}
	parents := map[int]string{}
	var id int
	var c Category
	var parent string
	_, err = pgx.ForEachRow(rows, []any{&id, &c.Code, &c.Name, &parent}, func() error {
		sc.categories[id] = c
		parents[id] = parent
		return nil
	})
	return parents, err
}

// pickCategories returns the ids of the categories named by codes, a
// parent taking its sub-categories along; an unknown code is an error,
// not a silently empty answer.
func pickCategories(all map[int]Category, parents map[int]string, codes []string) ([]int, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	chosen := []int{}
	for _, code := range codes {
		found := false
		for id, c := range all {
			if c.Code == code || parents[id] == code {
				found = true
				chosen = append(chosen, id)
			}
		}
		if !found {
			return nil, errs.E(errs.Invalid, "there is no category with code %q", code)
		}
	}
	return chosen, nil
}
