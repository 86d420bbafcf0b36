package export

import (
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/errs"
	"loket/ticketing"
)

// Request is what one export reads.
type Request struct {
	MunicipalityID int
	Filter         ticketing.Filter // as the ticket list takes it, without Cursor and Limit
	Staff          bool             // the staff columns and exact points
	BatchRows      int              // the most rows in a batch; 0 means BatchRows
}

func (r Request) batchRows() int {
	if r.BatchRows > 0 {
		return r.BatchRows
	}
	return BatchRows
}

// publicSelect reads the public columns as ids (the lookups name them)
// and the ticket's links to its reporter, which only the home check sees.
// Nothing is joined: a join would cost PostgreSQL more per row than the
// whole Go side.
const publicSelect = `
	SELECT t.id, t.reference, t.category_id, t.status, t.channel, t.created_at, t.closed_at, t.neighbourhood_id, t.geom,
	       t.address_id, t.reporter_resident_id, t.reporter_citizen_id
	FROM ticket t WHERE `

var publicTypes = []uint32{oidInt8, oidText, oidInt4, oidText, oidText, oidTimestamptz, oidTimestamptz, oidInt4, oidAny,
	oidInt8, oidInt8, oidInt8}

// staffSelect reads the public columns and the staff ones.
const staffSelect = `
	SELECT t.id, t.reference, t.category_id, t.status, t.channel, t.created_at, t.closed_at, t.neighbourhood_id, t.geom,
	       t.team_id, t.assignee_id, t.priority, t.due_at, t.description, t.geocode_quality, t.address_text
	FROM ticket t WHERE `

var staffTypes = []uint32{oidInt8, oidText, oidInt4, oidText, oidText, oidTimestamptz, oidTimestamptz, oidInt4, oidAny,
	oidInt4, oidInt4, oidInt2, oidTimestamptz, oidText, oidText, oidText}

// statement is the SQL of req over one range of the table's pages (the
// last two parameters, as tids), its arguments before those, and the
// column types it returns.
type statement struct {
	sql   string
	args  []any
	types []uint32
}

func prepare(req Request) (statement, error) {
	f := req.Filter
	if f.Cursor != "" || f.Limit != 0 {
		return statement{}, errs.E(errs.Invalid, "an export has no pages: it streams every ticket that matches, so drop cursor and limit")
	}
	where, args, err := f.Where(req.MunicipalityID)
	if err != nil {
		return statement{}, err
	}
	st := statement{sql: publicSelect, types: publicTypes}
	if req.Staff {
		st.sql, st.types = staffSelect, staffTypes
	}
	st.sql += where + fmt.Sprintf(" AND t.ctid >= $%d AND t.ctid < $%d", len(args)+1, len(args)+2)
	// Binary results for every column, geometry included (pgx would ask
	// for text where it does not know the type).
	formats := make(pgx.QueryResultFormats, len(st.types))
	for i := range formats {
		formats[i] = pgx.BinaryFormatCode
	}
	st.args = append([]any{formats}, args...)
	return st, nil
}

// check makes sure the columns came as decoded: binary, of the types read.
func (st statement) check(fields []pgconn.FieldDescription) error {
	if len(fields) != len(st.types) {
		return fmt.Errorf("%d columns, want %d", len(fields), len(st.types))
	}
	for i, f := range fields {
		if f.Format != pgx.BinaryFormatCode || (st.types[i] != oidAny && f.DataTypeOID != st.types[i]) {
			return fmt.Errorf("column %s is of type %d in format %d", f.Name, f.DataTypeOID, f.Format)
		}
	}
	return nil
}
