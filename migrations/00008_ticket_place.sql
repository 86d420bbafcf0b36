-- +goose Up
-- A ticket has a point exactly when its place is known: quality none
-- (nothing found, or a foreign register's fallback coordinate) means no
-- point, so such tickets never pose as a location on a map or in a hotspot.
ALTER TABLE ticket ADD CONSTRAINT ticket_place_known
    CHECK ((geom IS NULL) = (geocode_quality = 'none'));

-- +goose Down
ALTER TABLE ticket DROP CONSTRAINT ticket_place_known;
