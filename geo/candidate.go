package geo

// Quality says how precisely a candidate was placed; the values match the
// geocode_quality column of ticket.
type Quality string

const (
	QualityAddress       Quality = "address"       // the house number exists
	QualityInterpolated  Quality = "interpolated"  // placed between its neighbours on the same side
	QualityStreet        Quality = "street"        // a representative point of the street
	QualityNeighbourhood Quality = "neighbourhood" // a point inside the neighbourhood
	QualityNone          Quality = "none"
)

// weight scales a name similarity into a score: a precise answer on the
// same street ranks above a vague one.
func (q Quality) weight() float64 {
	switch q {
	case QualityAddress:
		return 1
	case QualityInterpolated:
		return 0.85
	case QualityStreet:
		return 0.7
	case QualityNeighbourhood:
		return 0.5
	}
	return 0
}

// Neighbourhood is one of the municipality's districts (wijken).
type Neighbourhood struct {
	ID   int    `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// Candidate is one answer of the geocoder.
type Candidate struct {
	Lon           float64        `json:"lon"`
	Lat           float64        `json:"lat"`
	StreetNL      string         `json:"street_nl,omitempty"`
	StreetFR      string         `json:"street_fr,omitempty"`
	HouseNumber   string         `json:"house_number,omitempty"`
	Box           string         `json:"box,omitempty"`
	Postcode      string         `json:"postcode,omitempty"`
	AddressID     int64          `json:"address_id,omitempty"` // only for quality address
	Neighbourhood *Neighbourhood `json:"neighbourhood,omitempty"`
	Score         float64        `json:"score"` // 0..1
	Quality       Quality        `json:"quality"`
}
