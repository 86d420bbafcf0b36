-- +goose Up
-- One unique index serves both the register's natural key and the
-- geocoder's number look-ups (street, then the number's integer part):
-- every address load builds or maintains one text index instead of two.
-- The integer part is a function of house_number, so uniqueness is unchanged.
ALTER TABLE address DROP CONSTRAINT address_municipality_id_postcode_street_nl_house_number_box_key;
DROP INDEX address_street_number_idx;
CREATE UNIQUE INDEX address_key ON address
    (municipality_id, street_nl, loket_house_int(house_number), house_number, box, postcode);

-- +goose Down
DROP INDEX address_key;
CREATE INDEX address_street_number_idx ON address (municipality_id, street_nl, loket_house_int(house_number));
ALTER TABLE address ADD CONSTRAINT address_municipality_id_postcode_street_nl_house_number_box_key
    UNIQUE (municipality_id, postcode, street_nl, house_number, box);
