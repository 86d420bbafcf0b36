package analytics

import (
	"context"
	"errors"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// Draft is a ticket the desk is about to save: what the check compares
// with the tickets there are.
type Draft struct {
	Category    string         `json:"category"`
	Point       *DraftPoint    `json:"point,omitempty"`
	AddressID   int64          `json:"address_id,omitempty"`
	Description string         `json:"description"`
	Reporter    *DraftReporter `json:"reporter,omitempty"`
}

// DraftPoint is a WGS84 position.
type DraftPoint struct {
	Lon *float64 `json:"lon"`
	Lat *float64 `json:"lat"`
}

// DraftReporter is whoever reports the draft, as far as known: the same
// person reporting twice is a strong sign.
type DraftReporter struct {
	ResidentID int64  `json:"resident_id,omitempty"`
	CitizenID  int64  `json:"citizen_id,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
}

// maxDescription is the ticket column's limit.
const maxDescription = 20000

// Check ranks the tickets a draft may repeat, as of now.
func (d *Duplicates) Check(ctx context.Context, municipality int, in Draft) (Answer, error) {
	if err := in.validate(); err != nil {
		return Answer{}, err
	}
	var category int
	err := d.pool.QueryRow(ctx, `SELECT id FROM category WHERE municipality_id = $1 AND code = $2`,
		municipality, in.Category).Scan(&category)
	if errors.Is(err, pgx.ErrNoRows) {
		return Answer{}, errs.E(errs.Invalid, "category %q does not exist", in.Category)
	}
	if err != nil {
		return Answer{}, errs.Wrap(err, errs.Internal, "reading the category failed")
	}
	var lon, lat float64
	if in.Point != nil {
		lon, lat = *in.Point.Lon, *in.Point.Lat
	} else {
		err := d.pool.QueryRow(ctx, `SELECT ST_X(geom), ST_Y(geom) FROM address WHERE municipality_id = $1 AND id = $2`,
			municipality, in.AddressID).Scan(&lon, &lat)
		if errors.Is(err, pgx.ErrNoRows) {
			return Answer{}, errs.E(errs.Invalid, "address %d does not exist", in.AddressID)
		}
		if err != nil {
			return Answer{}, errs.Wrap(err, errs.Internal, "reading the address failed")
		}
	}
	r := in.Reporter
	if r == nil {
		r = &DraftReporter{}
	}
	q := search{municipality: municipality, probe: draftProbeSQL, args: []any{category, d.clock(), in.Description,
		zeroNil(in.AddressID), nil, zeroNil(r.ResidentID), zeroNil(r.CitizenID), emptyNil(r.Email), emptyNil(r.Phone), lon, lat}}
	a, err := d.answer(ctx, q, category, in.Description)
	a.Category = in.Category
	return a, err
}

// validate refuses a draft the check cannot place or compare.
func (in Draft) validate() error {
	switch {
	case strings.TrimSpace(in.Category) == "":
		return errs.E(errs.Invalid, "category is required: the code of the draft's category")
	case (in.Point == nil) == (in.AddressID == 0):
		return errs.E(errs.Invalid, "give the draft's place as either point {lon, lat} or address_id")
	case len(in.Description) > maxDescription:
		return errs.E(errs.Invalid, "description is longer than %d characters", maxDescription)
	}
	if p := in.Point; p != nil {
		if p.Lon == nil || p.Lat == nil {
			return errs.E(errs.Invalid, "point needs both lon and lat")
		}
		if math.IsNaN(*p.Lon) || math.IsNaN(*p.Lat) || math.Abs(*p.Lon) > 180 || math.Abs(*p.Lat) > 90 {
			return errs.E(errs.Invalid, "point %v, %v is not a WGS84 longitude and latitude", *p.Lon, *p.Lat)
		}
	}
	return nil
}

func zeroNil(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func emptyNil(s string) any {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return s
}
