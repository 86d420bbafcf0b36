package geo

import (
	"context"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ImportResidents loads a population register extract (see
// import_resident_csv.go) into one municipality in one transaction: rows
// are staged, their address looked up in the register (rows whose address
// is unknown are rejected) and upserted on the national number. The
// addresses must be imported first.
func ImportResidents(ctx context.Context, pool *pgxpool.Pool, in io.Reader, opt ImportOptions) (ImportReport, error) {
	start := time.Now()
	var rep ImportReport
	in, done := withProgress(in, opt, "residents")
	rows, bad, err := parseResidentCSV(in)
	done()
	if err != nil {
		return rep, err
	}
	rep.Read, rep.Rejected = len(rows)+len(bad), bad
	rows = keepResidents(rows, &rep)
	if opt.Strict && len(rep.Rejected) > 0 {
		rep.sortRejections()
		return rep, strictError(rep.Rejected)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		t, _, err := targetMunicipality(ctx, tx, opt, false)
		if err != nil {
			return err
		}
		rep.MunicipalityID = t.id
		if err := stageResidents(ctx, tx, t.id, rows, &rep); err != nil {
			return err
		}
		if opt.Strict && len(rep.Rejected) > 0 {
			rep.sortRejections()
			return strictError(rep.Rejected)
		}
		return upsertResidents(ctx, tx, t.id, &rep)
	})
	rep.sortRejections()
	rep.Duration = time.Since(start)
	if opt.Strict && len(rep.Rejected) > 0 {
		rep.Inserted, rep.Updated, rep.Unchanged = 0, 0, 0
	}
	return rep, translateImportError(err)
}

// keepResidents keeps the last row of a national number that comes twice.
func keepResidents(rows []residentRow, rep *ImportReport) []residentRow {
	last := make(map[string]int, len(rows))
	for i, r := range rows {
		last[r.nationalNumber] = i
	}
	out := rows[:0]
	for i, r := range rows {
		if j := last[r.nationalNumber]; j != i {
			rep.reject(r.line, "national number %s comes again on line %d, which wins", r.nationalNumber, rows[j].line)
			continue
		}
		out = append(out, r)
	}
	return out
}

// stageResidents copies the rows into a temporary table, resolves their
// addresses (by external id, else by street, number, box and postcode) and
// sets aside the rows whose address the register does not know.
func stageResidents(ctx context.Context, tx pgx.Tx, municipality int, rows []residentRow, rep *ImportReport) error {
	_, err := tx.Exec(ctx, `
		CREATE TEMP TABLE resident_stage (
			line integer, national_number text, first_name text, last_name text, birth_date date,
			address_ext text, street_nl text, house_number text, box text, postcode text,
			email text, phone text, language text, address_id bigint
		) ON COMMIT DROP`)
	if err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"resident_stage"},
		[]string{"line", "national_number", "first_name", "last_name", "birth_date", "address_ext",
			"street_nl", "house_number", "box", "postcode", "email", "phone", "language"},
		pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			r := &rows[i]
			return []any{int32(r.line), r.nationalNumber, r.first, r.last, r.birth, nullable(r.addressID),
				r.street, r.number, r.box, r.postcode, nullable(r.email), nullable(r.phone), r.language}, nil
		}))
	if err != nil {
		return err
	}
	for _, q := range []string{
		`UPDATE resident_stage s SET address_id = a.id FROM address a
		 WHERE s.address_ext IS NOT NULL AND a.municipality_id = $1 AND a.external_id = s.address_ext`,
		`UPDATE resident_stage s SET address_id = a.id FROM address a
		 WHERE s.address_ext IS NULL AND a.municipality_id = $1 AND a.postcode = s.postcode
		   AND a.street_nl = s.street_nl AND a.house_number = s.house_number AND a.box = s.box`,
	} {
		if _, err := tx.Exec(ctx, q, municipality); err != nil {
			return err
		}
	}
	return rejectDeleted(ctx, tx, rep, "the address is not in the register",
		`DELETE FROM resident_stage WHERE address_id IS NULL RETURNING line`)
}

// upsertResidents writes the staged rows on the national number; rows
// whose values did not change are left alone.
func upsertResidents(ctx context.Context, tx pgx.Tx, municipality int, rep *ImportReport) error {
	return upsertCounted(ctx, tx, rep, 0, `
			INSERT INTO resident AS r (municipality_id, national_number, first_name, last_name,
			                           birth_date, address_id, email, phone, language)
			SELECT $1, national_number, first_name, last_name, birth_date, address_id, email, phone, language
			FROM resident_stage
			ON CONFLICT (municipality_id, national_number) DO UPDATE
			SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
			    birth_date = EXCLUDED.birth_date, address_id = EXCLUDED.address_id,
			    email = EXCLUDED.email, phone = EXCLUDED.phone, language = EXCLUDED.language
			WHERE (r.first_name, r.last_name, r.birth_date, r.address_id, r.email, r.phone, r.language)
			      IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.birth_date,
			                        EXCLUDED.address_id, EXCLUDED.email, EXCLUDED.phone, EXCLUDED.language)
			RETURNING xmax = 0 AS inserted`, municipality)
}
