-- +goose Up
-- loket_cell returns two columns, and PostgreSQL inlines only SQL
-- functions of one value: every statement that called it set it up anew,
-- some 40 µs (pgbench, one row), on the busiest path a ticket's intake and
-- each change of a ticket's place, status or category. Its coordinates
-- are now functions of one value each, which the planner folds into the
-- statement that calls them; loket_cell returns them as before.
-- +goose StatementBegin
CREATE FUNCTION loket_cell_x(p geometry) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT floor((ST_X(p) + 20037508.342789244) / (40075016.68557849 / 1048576))::integer
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION loket_cell_y(p geometry) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT floor((20037508.342789244 - ST_Y(p)) / (40075016.68557849 / 1048576))::integer
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_cell(p geometry, OUT cx integer, OUT cy integer)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT loket_cell_x(p), loket_cell_y(p)
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_ticket_cell() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO ticket_map_delta (municipality_id, cx, cy, neighbourhood_id, category_id, status, delta)
        VALUES (OLD.municipality_id, loket_cell_x(OLD.geom_3857), loket_cell_y(OLD.geom_3857),
                OLD.neighbourhood_id, OLD.category_id, OLD.status, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO ticket_map_delta (municipality_id, cx, cy, neighbourhood_id, category_id, status, delta)
        VALUES (NEW.municipality_id, loket_cell_x(NEW.geom_3857), loket_cell_y(NEW.geom_3857),
                NEW.neighbourhood_id, NEW.category_id, NEW.status, 1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_ticket_cell() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO ticket_map_delta (municipality_id, cx, cy, neighbourhood_id, category_id, status, delta)
        SELECT OLD.municipality_id, k.cx, k.cy, OLD.neighbourhood_id, OLD.category_id, OLD.status, -1
        FROM (SELECT (loket_cell(OLD.geom_3857)).*) k;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO ticket_map_delta (municipality_id, cx, cy, neighbourhood_id, category_id, status, delta)
        SELECT NEW.municipality_id, k.cx, k.cy, NEW.neighbourhood_id, NEW.category_id, NEW.status, 1
        FROM (SELECT (loket_cell(NEW.geom_3857)).*) k;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_cell(p geometry, OUT cx integer, OUT cy integer)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT floor((ST_X(p) + 20037508.342789244) / (40075016.68557849 / 1048576))::integer,
           floor((20037508.342789244 - ST_Y(p)) / (40075016.68557849 / 1048576))::integer
$$;
-- +goose StatementEnd

DROP FUNCTION loket_cell_y(geometry);
DROP FUNCTION loket_cell_x(geometry);
