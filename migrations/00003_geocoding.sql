-- +goose Up
-- Geocoding: one normal form for names, and a small table of distinct streets
-- so that fuzzy matching scans ~300 streets instead of ~40,000 addresses.

-- loket_norm folds case and accents and drops every space, hyphen, apostrophe
-- and dot, so "Sint-Amandsplein", "sint amandsplein" and "St.Amandsplein"
-- (after the parser expands "st") meet as "sintamandsplein". The explicit
-- dictionary makes unaccent immutable enough for an index.
-- +goose StatementBegin
CREATE FUNCTION loket_norm(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, t)), '[^a-z0-9]+', '', 'g')
$$;
-- +goose StatementEnd

-- The number in a house number ("12" of "12A/3"), or NULL.
-- +goose StatementBegin
CREATE FUNCTION loket_house_int(t text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT substring(t FROM '^[0-9]{1,6}')::integer
$$;
-- +goose StatementEnd

-- An exact number and its neighbours for interpolation come from one index
-- range, with or without a postcode.
CREATE INDEX address_street_number_idx ON address (municipality_id, street_nl, loket_house_int(house_number));

-- One row per street name of a municipality, rebuilt from address by
-- geo.RefreshStreets after every load of the register (seed, import).
-- Truncated with its municipality, like every other table.
CREATE TABLE street (
    municipality_id  integer NOT NULL REFERENCES municipality (id),
    name_nl          text NOT NULL,
    name_fr          text,
    norm_nl          text NOT NULL,
    norm_fr          text,
    postcodes        text[] NOT NULL,
    addresses        integer NOT NULL CHECK (addresses > 0),
    address_id       bigint NOT NULL,   -- the address nearest the street's centroid
    neighbourhood_id integer,
    geom             geometry(Point, 4326) NOT NULL,
    PRIMARY KEY (municipality_id, name_nl)
);
CREATE INDEX street_norm_nl_trgm ON street USING gin (norm_nl gin_trgm_ops);
CREATE INDEX street_norm_fr_trgm ON street USING gin (norm_fr gin_trgm_ops);
CREATE INDEX street_geom_gix ON street USING gist (geom);

-- +goose Down
DROP TABLE street;
DROP INDEX address_street_number_idx;
DROP FUNCTION loket_house_int(text);
DROP FUNCTION loket_norm(text);
