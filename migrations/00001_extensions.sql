-- +goose Up
-- PostGIS for geometry, pg_trgm for fuzzy text search, unaccent so that
-- "Doorniksewijk" and "doorniksewÿk" or "Courtrai"/"courtraï" compare equal.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- +goose Down
DROP EXTENSION IF EXISTS unaccent;
DROP EXTENSION IF EXISTS pg_trgm;
DROP EXTENSION IF EXISTS postgis;
