-- +goose Up
-- The hotspot map: the latest Getis-Ord Gi* result for each hexagon of a
-- municipality, written whole by analytics (`loket analyze hotspots`, and
-- `loket serve` every quarter of an hour), read by the hotspots tile
-- layer. Counts and statistics per hexagon only, no personal data.
CREATE TABLE hotspot_hexagon (
    municipality_id integer NOT NULL REFERENCES municipality (id),
    i               integer NOT NULL,   -- the hexagon's column and row in ST_HexagonGrid
    j               integer NOT NULL,
    geom            geometry(Polygon, 3857) NOT NULL,
    tickets         integer NOT NULL CHECK (tickets >= 0),
    z               double precision NOT NULL,
    p               double precision NOT NULL CHECK (p BETWEEN 0 AND 1),
    bin             smallint NOT NULL CHECK (bin BETWEEN -3 AND 3),  -- hot (+) or cold (−) at 90, 95, 99 %, FDR-corrected
    pattern         text,                                            -- emerging hot spot class over the weeks, when known
    period_from     date NOT NULL,
    period_to       date NOT NULL,
    computed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (municipality_id, i, j),
    CHECK (period_from <= period_to)
);
CREATE INDEX hotspot_hexagon_geom_gix ON hotspot_hexagon USING gist (geom);

-- +goose Down
DROP TABLE hotspot_hexagon;
