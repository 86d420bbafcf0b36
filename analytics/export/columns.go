package export

import (
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"loket/internal/errs"
)

// Column names, in the order of the schemas.
const (
	ColID            = "id"
	ColReference     = "reference"
	ColCategory      = "category"      // code, as Open311's service_code
	ColStatus        = "status"        // the lifecycle status
	ColChannel       = "channel"       // how the ticket came in
	ColCreatedAt     = "created_at"    // UTC, microseconds
	ColClosedAt      = "closed_at"     // null while open
	ColNeighbourhood = "neighbourhood" // name; null outside every neighbourhood
	ColLon           = "lon"           // WGS84; null without a place
	ColLat           = "lat"
	ColGeometry      = "geometry" // the point as WKB (little endian)

	ColTeam           = "team" // staff only from here on: the team's code
	ColAssignee       = "assignee"
	ColPriority       = "priority" // 1 (urgent) to 4
	ColDueAt          = "due_at"
	ColDescription    = "description"
	ColGeocodeQuality = "geocode_quality"
	ColAddress        = "address" // as typed or geocoded
)

var (
	utcMicros = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	// Small index types: a city has tens of categories and neighbourhoods,
	// and hundreds of staff.
	dict8  = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String}
	dict16 = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int16, ValueType: arrow.BinaryTypes.String}
	// geoarrow.wkb lets GeoPandas, DuckDB and QGIS read the column as geometry.
	wkbMeta = arrow.NewMetadata([]string{"ARROW:extension:name", "ARROW:extension:metadata"},
		[]string{"geoarrow.wkb", `{"crs":"OGC:CRS84","crs_type":"authority_code"}`})
)

var publicFields = []arrow.Field{
	{Name: ColID, Type: arrow.PrimitiveTypes.Int64},
	{Name: ColReference, Type: arrow.BinaryTypes.String},
	{Name: ColCategory, Type: dict16},
	{Name: ColStatus, Type: dict8},
	{Name: ColChannel, Type: dict8},
	{Name: ColCreatedAt, Type: utcMicros},
	{Name: ColClosedAt, Type: utcMicros, Nullable: true},
	{Name: ColNeighbourhood, Type: dict16, Nullable: true},
	{Name: ColLon, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: ColLat, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: ColGeometry, Type: arrow.BinaryTypes.Binary, Nullable: true, Metadata: wkbMeta},
}

var staffFields = []arrow.Field{
	{Name: ColTeam, Type: dict16, Nullable: true},
	{Name: ColAssignee, Type: dict16, Nullable: true},
	{Name: ColPriority, Type: arrow.PrimitiveTypes.Int8},
	{Name: ColDueAt, Type: utcMicros, Nullable: true},
	{Name: ColDescription, Type: arrow.BinaryTypes.String},
	{Name: ColGeocodeQuality, Type: dict8},
	{Name: ColAddress, Type: arrow.BinaryTypes.String, Nullable: true},
}

// geoParquet marks the geometry column for GeoParquet readers; no crs
// means OGC:CRS84 (WGS84, longitude first).
const geoParquet = `{"version":"1.1.0","primary_column":"geometry","columns":{"geometry":` +
	`{"encoding":"WKB","geometry_types":["Point"]}}}`

// Schema is the columns of an export of every column: the public ones,
// and with staff set the staff ones after them.
func Schema(staff bool) *arrow.Schema {
	return arrow.NewSchema(visible(staff), nil)
}

func visible(staff bool) []arrow.Field {
	if !staff {
		return publicFields
	}
	return append(append([]arrow.Field(nil), publicFields...), staffFields...)
}

// Schema is the columns a scan of r gives: those r.Columns names, in
// that order, or every column r may see.
func (r Request) Schema() (*arrow.Schema, error) {
	fields, err := r.fields()
	if err != nil {
		return nil, err
	}
	return arrow.NewSchema(fields, nil), nil
}

// fields checks r.Columns: each known, once, and a staff column only for
// staff.
func (r Request) fields() ([]arrow.Field, error) {
	if len(r.Columns) == 0 {
		return visible(r.Staff), nil
	}
	out := make([]arrow.Field, 0, len(r.Columns))
	for i, name := range r.Columns {
		f, staff, ok := field(name)
		switch {
		case !ok:
			return nil, errs.E(errs.Invalid, "unknown column %q: use %s", name, knownColumns())
		case staff && !r.Staff:
			return nil, errs.E(errs.Forbidden, "column %s is for staff", name)
		case slices.Contains(r.Columns[:i], name):
			return nil, errs.E(errs.Invalid, "column %s is asked for twice", name)
		}
		out = append(out, f)
	}
	return out, nil
}

// field finds a column by name, and says whether it is for staff only.
func field(name string) (f arrow.Field, staff, ok bool) {
	for _, f := range publicFields {
		if f.Name == name {
			return f, false, true
		}
	}
	for _, f := range staffFields {
		if f.Name == name {
			return f, true, true
		}
	}
	return arrow.Field{}, false, false
}

// knownColumns lists the column names for an error message.
func knownColumns() string {
	names := func(fields []arrow.Field) string {
		out := make([]string, len(fields))
		for i, f := range fields {
			out[i] = f.Name
		}
		return strings.Join(out, ", ")
	}
	return names(publicFields) + "; staff also " + names(staffFields)
}
