package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
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
	// Columns are the columns to read, in the order wanted; none: every
	// column the caller may see. A narrow scan asks PostgreSQL for less
	// and skips the look-ups of the columns it leaves out.
	Columns   []string
	BatchRows int // the most rows in a batch; 0 means BatchRows
}

func (r Request) batchRows() int {
	if r.BatchRows > 0 {
		return r.BatchRows
	}
	return BatchRows
}

// reads is the ticket column each export column is built from: ids (the
// lookups name them), so nothing is joined; a join would cost PostgreSQL
// more per row than the whole Go side.
var reads = map[string]string{
	ColID: "id", ColReference: "reference", ColCategory: "category_id", ColStatus: "status", ColChannel: "channel",
	ColCreatedAt: "created_at", ColClosedAt: "closed_at", ColNeighbourhood: "neighbourhood_id",
	ColLon: "geom", ColLat: "geom", ColGeometry: "geom",
	ColTeam: "team_id", ColAssignee: "assignee_id", ColPriority: "priority", ColDueAt: "due_at",
	ColDescription: "description", ColGeocodeQuality: "geocode_quality", ColAddress: "address_text",
}

// homeLinks are the ticket's links to its reporter, which only the home
// check of a public place sees.
var homeLinks = []string{"address_id", "reporter_resident_id", "reporter_citizen_id"}

// typeOf is the binary type of each ticket column read.
var typeOf = map[string]uint32{
	"id": oidInt8, "reference": oidText, "category_id": oidInt4, "status": oidText, "channel": oidText,
	"created_at": oidTimestamptz, "closed_at": oidTimestamptz, "neighbourhood_id": oidInt4, "geom": oidAny,
	"address_id": oidInt8, "reporter_resident_id": oidInt8, "reporter_citizen_id": oidInt8,
	"team_id": oidInt4, "assignee_id": oidInt4, "priority": oidInt2, "due_at": oidTimestamptz,
	"description": oidText, "geocode_quality": oidText, "address_text": oidText,
}

// statement is the SQL of req over one range of the table's pages (the
// last two parameters, as tids), its arguments before those, the fields
// it gives and where each ticket column lies in its rows.
type statement struct {
	sql     string
	args    []any
	types   []uint32
	formats pgx.QueryResultFormats // of the columns, as asked for
	fields  []arrow.Field
	at      map[string]int // ticket column → its index in a row
	homes   bool           // public places: the home check needs the registers
}

func prepare(req Request) (statement, error) {
	f := req.Filter
	if f.Cursor != "" || f.Limit != 0 {
		return statement{}, errs.E(errs.Invalid, "an export has no pages: it streams every ticket that matches, so drop cursor and limit")
	}
	fields, err := req.fields()
	if err != nil {
		return statement{}, err
	}
	where, args, err := f.Where(req.MunicipalityID)
	if err != nil {
		return statement{}, err
	}
	st := statement{fields: fields, at: map[string]int{}}
	var cols []string
	for _, fl := range fields {
		cols = st.read(cols, reads[fl.Name])
	}
	if st.homes = !req.Staff && slices.ContainsFunc(fields, isPlace); st.homes {
		for _, c := range homeLinks {
			cols = st.read(cols, c)
		}
	}
	st.sql = "SELECT " + strings.Join(cols, ", ") + " FROM ticket t WHERE " + where +
		fmt.Sprintf(" AND t.ctid >= $%d AND t.ctid < $%d", len(args)+1, len(args)+2)
	// Binary results for every column, geometry included (pgx would ask
	// for text where it does not know the type), but text itself: its text
	// form is the same bytes, which PostgreSQL sends without building a
	// binary message for each value (staff export: 2–4 % quicker).
	st.formats = make(pgx.QueryResultFormats, len(st.types))
	for i, typ := range st.types {
		st.formats[i] = pgx.BinaryFormatCode
		if typ == oidText {
			st.formats[i] = pgx.TextFormatCode
		}
	}
	st.args = append([]any{st.formats}, args...)
	return st, nil
}

// read adds a ticket column to the select list once.
func (st *statement) read(cols []string, col string) []string {
	if _, ok := st.at[col]; ok {
		return cols
	}
	st.at[col] = len(cols)
	st.types = append(st.types, typeOf[col])
	return append(cols, "t."+col)
}

func isPlace(f arrow.Field) bool {
	return f.Name == ColLon || f.Name == ColLat || f.Name == ColGeometry
}

// check makes sure the columns came as decoded: in the formats asked for,
// of the types read.
func (st statement) check(fields []pgconn.FieldDescription) error {
	if len(fields) != len(st.types) {
		return fmt.Errorf("%d columns, want %d", len(fields), len(st.types))
	}
	for i, f := range fields {
		if f.Format != st.formats[i] || (st.types[i] != oidAny && f.DataTypeOID != st.types[i]) {
			return fmt.Errorf("column %s is of type %d in format %d", f.Name, f.DataTypeOID, f.Format)
		}
	}
	return nil
}
