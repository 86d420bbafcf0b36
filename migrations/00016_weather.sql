-- +goose Up
-- Hourly weather becomes daily weather in the municipality's own calendar
-- days, and holidays are a country's or one municipality's. Both default
-- to Belgium; municipalities on a Massachusetts grid are Boston's.
ALTER TABLE municipality
    ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Brussels'
        CHECK (time_zone ~ '^[A-Za-z][A-Za-z0-9_+/-]*$'),
    ADD COLUMN country text NOT NULL DEFAULT 'BE' CHECK (country ~ '^[A-Z]{2}$');
UPDATE municipality SET time_zone = 'America/New_York', country = 'US'
WHERE local_srid IN (2249, 26986);

-- Snow on the ground (GHCN-Daily SNWD), beside the day's snowfall: what
-- makes pavements slippery days after the snow fell.
ALTER TABLE weather_daily
    ADD COLUMN snow_depth_cm real CHECK (snow_depth_cm BETWEEN 0 AND 1000);

-- Public and school holidays, extended by whoever runs Loket: a row
-- without municipality holds for the whole country, a municipality's own
-- row (e.g. another community's school holidays) overrides it. A small
-- table read by every municipality, like municipality itself; its key
-- still starts with municipality_id, as every key does.
CREATE TABLE holiday (
    country         text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    municipality_id integer REFERENCES municipality (id),
    day             date NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('public', 'school')),
    name            text NOT NULL CHECK (name <> ''),
    CONSTRAINT holiday_key UNIQUE NULLS NOT DISTINCT (municipality_id, country, day, kind)
);
CREATE INDEX holiday_day_idx ON holiday (country, day);

-- +goose Down
DROP TABLE holiday;
ALTER TABLE weather_daily DROP COLUMN snow_depth_cm;
ALTER TABLE municipality DROP COLUMN country, DROP COLUMN time_zone;
