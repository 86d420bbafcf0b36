package geo

import (
	"context"
	"slices"

	"loket/internal/errs"
)

// streetMatch is a row of the street table that resembles the query.
type streetMatch struct {
	nameNL, nameFR string
	postcodes      []string
	lon, lat       float64
	nbh            Neighbourhood
	sim            float64
}

// matchStreets finds the streets whose nl or fr name is like key (trigram
// similarity on loket_norm forms), best first.
func (g *Geocoder) matchStreets(ctx context.Context, municipalityID int, key string, limit int) ([]streetMatch, error) {
	k := streetKey{municipalityID, key, limit}
	if m, ok := g.streets.get(k); ok {
		return m, nil
	}
	m, err := g.queryStreets(ctx, municipalityID, key, limit)
	if err == nil {
		g.streets.put(k, m)
	}
	return m, err
}

func (g *Geocoder) queryStreets(ctx context.Context, municipalityID int, key string, limit int) ([]streetMatch, error) {
	rows, err := g.pool.Query(ctx, `
		SELECT s.name_nl, coalesce(s.name_fr, ''), s.postcodes, ST_X(s.geom), ST_Y(s.geom),
		       coalesce(n.id, 0), coalesce(n.code, ''), coalesce(n.name, ''),
		       greatest(similarity(s.norm_nl, $2), coalesce(similarity(s.norm_fr, $2), 0)) AS sim
		FROM street s
		LEFT JOIN neighbourhood n ON n.municipality_id = s.municipality_id AND n.id = s.neighbourhood_id
		WHERE s.municipality_id = $1 AND (s.norm_nl % $2 OR s.norm_fr % $2)
		ORDER BY sim DESC, s.addresses DESC, s.name_nl
		LIMIT $3`, municipalityID, key, limit+2)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "street search failed")
	}
	defer rows.Close()
	var out []streetMatch
	for rows.Next() {
		var s streetMatch
		if err := rows.Scan(&s.nameNL, &s.nameFR, &s.postcodes, &s.lon, &s.lat,
			&s.nbh.ID, &s.nbh.Code, &s.nbh.Name, &s.sim); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "street search failed")
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "street search failed")
	}
	return out, nil
}

// candidate is the street itself, placed at its representative address.
func (s streetMatch) candidate(q Query) Candidate {
	pc := ""
	if len(s.postcodes) > 0 {
		pc = s.postcodes[0]
	}
	if slices.Contains(s.postcodes, q.Postcode) {
		pc = q.Postcode
	}
	return Candidate{
		Lon: s.lon, Lat: s.lat, StreetNL: s.nameNL, StreetFR: s.nameFR, Postcode: pc,
		Neighbourhood: s.nbh.orNil(), Quality: QualityStreet,
		Score: clamp01(s.sim * QualityStreet.weight() * postcodeFactor(q, pc)),
	}
}

func (n Neighbourhood) orNil() *Neighbourhood {
	if n.ID == 0 {
		return nil
	}
	return &n
}

// matchNeighbourhoods is the last resort: the words (or the place) name a
// neighbourhood, placed at a point guaranteed inside it.
func (g *Geocoder) matchNeighbourhoods(ctx context.Context, municipalityID int, q Query, limit int) ([]Candidate, error) {
	text := q.Street
	if text == "" {
		text = q.Place
	}
	rows, err := g.pool.Query(ctx, `
		SELECT id, code, name, ST_X(p), ST_Y(p), sim
		FROM (SELECT id, code, name, ST_PointOnSurface(geom) AS p,
		             word_similarity($2, lower(unaccent(name))) AS sim
		      FROM neighbourhood WHERE municipality_id = $1) n
		WHERE sim >= 0.6
		ORDER BY sim DESC, code LIMIT $3`, municipalityID, text, limit)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "neighbourhood search failed")
	}
	defer rows.Close()
	out := []Candidate{}
	for rows.Next() {
		var n Neighbourhood
		var c Candidate
		var sim float64
		if err := rows.Scan(&n.ID, &n.Code, &n.Name, &c.Lon, &c.Lat, &sim); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "neighbourhood search failed")
		}
		c.Neighbourhood, c.Quality = &n, QualityNeighbourhood
		c.Score = clamp01(sim * QualityNeighbourhood.weight())
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "neighbourhood search failed")
	}
	return out, nil
}
