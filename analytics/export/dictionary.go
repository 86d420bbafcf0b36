package export

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// dictionary is a dictionary column's values and each id's index in them.
type dictionary struct {
	ids    idMap
	values arrow.Array
}

// dictionarySQL reads the (id, value) rows of each dictionary column in
// the order of its values.
var dictionarySQL = map[string]string{
	ColCategory:      `SELECT id, code FROM category WHERE municipality_id = $1 ORDER BY code, id`,
	ColNeighbourhood: `SELECT id, name FROM neighbourhood WHERE municipality_id = $1 ORDER BY name, id`,
	ColTeam:          `SELECT id, code FROM team WHERE municipality_id = $1 ORDER BY code, id`,
	ColAssignee:      `SELECT id, name FROM staff WHERE municipality_id = $1 ORDER BY name, id`,
}

// DictionaryIDs returns the ids of the rows behind the values of a
// dictionary column (category, neighbourhood, team, assignee) of municipality,
// index by index, as a scan in tx's snapshot (ScanTx on tx) builds the
// column: Go analytics count by dictionary index and name by id, which
// for neighbourhoods and staff (whose names may repeat) the values cannot
// do.
func DictionaryIDs(ctx context.Context, tx pgx.Tx, municipalityID int, column string) ([]int64, error) {
	sql, ok := dictionarySQL[column]
	if !ok {
		return nil, errs.E(errs.Invalid, "column %q is not a dictionary of ids", column)
	}
	ids, _, err := pairs[string](ctx, tx, sql, municipalityID)
	return ids, err
}

// readDictionary reads (id, name) rows into an id map and the names in order.
func readDictionary(ctx context.Context, tx pgx.Tx, sql string, municipalityID int) (dictionary, error) {
	ids, names, err := pairs[string](ctx, tx, sql, municipalityID)
	if err != nil {
		return dictionary{}, err
	}
	if len(names) > 1<<15 {
		return dictionary{}, fmt.Errorf("%d values are too many for a dictionary column", len(names))
	}
	return dictionary{newIDMap(ids, positions(len(ids))), stringArray(names)}, nil
}
