package geo

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"loket/internal/errs"
)

// ImportOptions says where an import goes and how strict it is.
type ImportOptions struct {
	// Municipality is the NIS code of the target; empty means the only
	// municipality in the database.
	Municipality string
	// Name creates the municipality when no municipality has that NIS code
	// (address and neighbourhood imports only).
	Name string
	// SRID is the coordinate system of x/y columns without an srid column,
	// or of GeoJSON without a crs member; 0 means the file must say.
	SRID int
	// Strict rejects the whole file when any row is bad.
	Strict bool
	// CodeProperty and NameProperty name the GeoJSON properties of a
	// neighbourhood; empty means detect them.
	CodeProperty, NameProperty string
	// Progress receives a progress bar (nil: none); Size is the input's
	// length in bytes, when known, for the bar's total.
	Progress io.Writer
	Size     int64
}

// Rejection is one row (or feature) left out, and why.
type Rejection struct {
	Line   int // line in the CSV (1 is the header), or feature number in GeoJSON
	Reason string
}

func (r Rejection) String() string { return fmt.Sprintf("line %d: %s", r.Line, r.Reason) }

// ImportReport is what an import did.
type ImportReport struct {
	MunicipalityID    int
	Created           bool // the municipality was created by this import
	Read              int  // data rows (or features) read
	Inserted, Updated int
	Unchanged         int // already present with the same values
	Rejected          []Rejection
	Duration          time.Duration
}

// RowsPerSecond is the rate over the whole import, parsing included.
func (r ImportReport) RowsPerSecond() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Read) / r.Duration.Seconds()
}

func (r *ImportReport) reject(line int, format string, args ...any) {
	r.Rejected = append(r.Rejected, Rejection{line, fmt.Sprintf(format, args...)})
}

func (r *ImportReport) sortRejections() {
	slices.SortStableFunc(r.Rejected, func(a, b Rejection) int { return a.Line - b.Line })
}

// strictError lists the problems that made a strict import refuse the file.
func strictError(rej []Rejection) error {
	const shown = 20
	var b strings.Builder
	fmt.Fprintf(&b, "nothing imported: %d bad rows", len(rej))
	for i, r := range rej {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(rej)-shown)
			break
		}
		b.WriteString("; ")
		b.WriteString(r.String())
	}
	return errs.E(errs.Invalid, "%s", b.String())
}
