package seed

import (
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
)

// streetRow is one line of streets.csv: a real street with one
// representative point and the number of real tickets seen on it.
type streetRow struct {
	name     string
	lon, lat float64
	points   int
}

func loadStreets() ([]streetRow, error) {
	f, err := dataFS.Open("data/streets.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("seed: streets.csv: %w", err)
	}
	var out []streetRow
	for i, r := range recs {
		if i == 0 {
			continue
		}
		if len(r) != 4 {
			return nil, fmt.Errorf("seed: streets.csv line %d: %d fields", i+1, len(r))
		}
		lon, err1 := strconv.ParseFloat(r[1], 64)
		lat, err2 := strconv.ParseFloat(r[2], 64)
		pts, err3 := strconv.Atoi(r[3])
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("seed: streets.csv line %d: bad number", i+1)
		}
		out = append(out, streetRow{name: r[0], lon: lon, lat: lat, points: pts})
	}
	return out, nil
}

// streetFR holds French names only where French speakers really use one:
// the old roads to French-named towns and the historic squares.
var streetFR = map[string]string{
	"Doorniksesteenweg":   "Chaussée de Tournai",
	"Doorniksewijk":       "Faubourg de Tournai",
	"Doorniksestraat":     "Rue de Tournai",
	"Doornikselaan":       "Avenue de Tournai",
	"Meensesteenweg":      "Chaussée de Menin",
	"Meensestraat":        "Rue de Menin",
	"Gentsesteenweg":      "Chaussée de Gand",
	"Brugsesteenweg":      "Chaussée de Bruges",
	"Oudenaardsesteenweg": "Chaussée d'Audenarde",
	"Moeskroensesteenweg": "Chaussée de Mouscron",
	"Rijselsestraat":      "Rue de Lille",
	"Leiestraat":          "Rue de la Lys",
	"Kleine Leiestraat":   "Petite Rue de la Lys",
	"Overleiestraat":      "Rue d'Outre-Lys",
	"Grote Markt":         "Grand-Place",
	"Graanmarkt":          "Marché aux Grains",
	"Veemarkt":            "Marché au Bétail",
	"Vlasmarkt":           "Marché au Lin",
	"Houtmarkt":           "Marché au Bois",
	"Havermarkt":          "Marché à l'Avoine",
}

// streetLine is a synthetic centre line through the one known point of a
// street: straight with a gentle parabolic bend.
type streetLine struct {
	x0, y0 float64 // the known point, metres
	ux, uy float64 // unit direction
	length float64
	bend   float64 // sideways offset at the ends, metres
	wide   float64 // half the distance between facades
}

// at returns the position (metres) of the facade on side (-1 or +1) at
// distance t from the middle of the street.
func (s *streetLine) at(t float64, side float64) (x, y float64) {
	h := t / (s.length / 2)
	off := s.bend*h*h + side*s.wide
	return s.x0 + s.ux*t - s.uy*off, s.y0 + s.uy*t + s.ux*off
}

func newStreetLine(r streetRow, orient, lenJitter, bend float64) streetLine {
	// Busier streets in the ticket register are the long through roads.
	l := math.Min(140+110*float64(r.points)+250*lenJitter, 1500)
	return streetLine{
		x0: r.lon * mPerDegLo, y0: r.lat * mPerDegLa,
		ux: math.Cos(orient), uy: math.Sin(orient),
		length: l, bend: bend * l * 0.08, wide: 7,
	}
}
