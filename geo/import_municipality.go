package geo

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// importTarget is the municipality an import writes into.
type importTarget struct {
	id          int
	nis         string
	names       []string // nl, fr, en: what a municipality column may say
	hasBoundary bool
}

// matches says whether a municipality column (a name or NIS code) means t;
// an empty column does.
func (t importTarget) matches(s string) bool {
	if s == "" || s == t.nis {
		return true
	}
	for _, n := range t.names {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	return false
}

var nisPattern = regexp.MustCompile(`^[0-9]{5}$`)

// targetMunicipality finds the municipality of opt (its NIS code, or the
// only one there is), creating it when create is set and opt names it.
func targetMunicipality(ctx context.Context, tx pgx.Tx, opt ImportOptions, create bool) (importTarget, bool, error) {
	if opt.Municipality == "" {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM municipality`).Scan(&n); err != nil {
			return importTarget{}, false, err
		}
		switch {
		case n == 0:
			return importTarget{}, false, errs.E(errs.Invalid, "there is no municipality yet: give -municipality NIS and -name to create it")
		case n > 1:
			return importTarget{}, false, errs.E(errs.Invalid, "there are %d municipalities: say which with -municipality NIS", n)
		}
	} else if !nisPattern.MatchString(opt.Municipality) {
		return importTarget{}, false, errs.E(errs.Invalid, "-municipality %q: give the five-digit NIS code", opt.Municipality)
	}
	t, err := readMunicipality(ctx, tx, opt.Municipality)
	if !errors.Is(err, pgx.ErrNoRows) {
		return t, false, err
	}
	if !create || opt.Name == "" {
		return t, false, errs.E(errs.NotFound, "no municipality has NIS code %s: give -name to create it with a neighbourhood or address import", opt.Municipality)
	}
	t, err = createMunicipality(ctx, tx, opt.Municipality, opt.Name)
	return t, true, err
}

// readMunicipality reads the municipality with NIS code nis, or the only one when nis is empty.
func readMunicipality(ctx context.Context, tx pgx.Tx, nis string) (importTarget, error) {
	var t importTarget
	var nl, fr, en string
	err := tx.QueryRow(ctx, `
		SELECT id, nis_code, name_nl, name_fr, name_en, boundary IS NOT NULL
		FROM municipality WHERE $1 = '' OR nis_code = $1`, nis).
		Scan(&t.id, &t.nis, &nl, &fr, &en, &t.hasBoundary)
	t.names = []string{nl, fr, en}
	return t, err
}

// createMunicipality adds a municipality with one name in every language
// and the NIS code as ticket prefix; an administrator can refine both. Ids
// are handed out under a lock because the table has no sequence (it is a
// reference table, replicated as is).
func createMunicipality(ctx context.Context, tx pgx.Tx, nis, name string) (importTarget, error) {
	if _, err := tx.Exec(ctx, `LOCK TABLE municipality IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return importTarget{}, err
	}
	var id int
	err := tx.QueryRow(ctx, `
		INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		SELECT coalesce(max(id), 0) + 1, $1, $2, $2, $2, $1 FROM municipality
		RETURNING id`, nis, name).Scan(&id)
	if err != nil {
		return importTarget{}, err
	}
	return importTarget{id: id, nis: nis, names: []string{name, name, name}}, nil
}
