-- +goose Up
-- Tiles are cut in Web Mercator: the point is kept there too, so the
-- tile queries use its index and transform nothing per row.
ALTER TABLE ticket ADD COLUMN geom_3857 geometry(Point, 3857)
    GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
CREATE INDEX ticket_geom_3857_gix ON ticket USING gist (geom_3857);

-- The aggregate pyramid: tickets counted per cell of grids anchored at
-- Web Mercator's origin, per category and status. Level 0 is 2^20 cells
-- to a side (1/64 of a zoom-14 tile, about 38 m); level L merges 2^L × 2^L
-- of those (cx, cy are the level's own). Cells nest exactly, so clusters
-- never jump at tile edges, and a low zoom reads a coarse level instead of
-- millions of tickets. Kept up to date by a trigger on ticket; counted
-- whole after a bulk load (the seed).
CREATE TABLE ticket_cell (
    municipality_id integer NOT NULL REFERENCES municipality (id),
    level           smallint NOT NULL CHECK (level IN (0, 2, 4, 6, 8)),
    cx              integer NOT NULL,
    cy              integer NOT NULL,
    category_id     integer NOT NULL,
    status          text NOT NULL,
    tickets         integer NOT NULL CHECK (tickets >= 0),
    PRIMARY KEY (municipality_id, level, cx, cy, category_id, status)
);

-- Tickets per neighbourhood and status, for the neighbourhoods layer.
CREATE TABLE ticket_nbh (
    municipality_id  integer NOT NULL REFERENCES municipality (id),
    neighbourhood_id integer NOT NULL,
    status           text NOT NULL,
    tickets          integer NOT NULL CHECK (tickets >= 0),
    PRIMARY KEY (municipality_id, neighbourhood_id, status)
);

-- loket_cell is the base cell of a Web Mercator point.
-- +goose StatementBegin
CREATE FUNCTION loket_cell(p geometry, OUT cx integer, OUT cy integer)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT floor((ST_X(p) + 20037508.342789244) / (40075016.68557849 / 1048576))::integer,
           floor((20037508.342789244 - ST_Y(p)) / (40075016.68557849 / 1048576))::integer
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION loket_ticket_cell() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.geom_3857 IS NOT NULL THEN
        UPDATE ticket_cell c SET tickets = tickets - 1
        FROM loket_cell(OLD.geom_3857) k, unnest(ARRAY[0, 2, 4, 6, 8]) l
        WHERE c.municipality_id = OLD.municipality_id AND c.level = l AND c.cx = k.cx >> l AND c.cy = k.cy >> l
          AND c.category_id = OLD.category_id AND c.status = OLD.status;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.neighbourhood_id IS NOT NULL THEN
        UPDATE ticket_nbh SET tickets = tickets - 1
        WHERE municipality_id = OLD.municipality_id AND neighbourhood_id = OLD.neighbourhood_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.geom_3857 IS NOT NULL THEN
        INSERT INTO ticket_cell AS c (municipality_id, level, cx, cy, category_id, status, tickets)
        SELECT NEW.municipality_id, l, k.cx >> l, k.cy >> l, NEW.category_id, NEW.status, 1
        FROM loket_cell(NEW.geom_3857) k, unnest(ARRAY[0, 2, 4, 6, 8]) l
        ON CONFLICT (municipality_id, level, cx, cy, category_id, status) DO UPDATE SET tickets = c.tickets + 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.neighbourhood_id IS NOT NULL THEN
        INSERT INTO ticket_nbh AS n (municipality_id, neighbourhood_id, status, tickets)
        VALUES (NEW.municipality_id, NEW.neighbourhood_id, NEW.status, 1)
        ON CONFLICT (municipality_id, neighbourhood_id, status) DO UPDATE SET tickets = n.tickets + 1;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER ticket_cell_insert AFTER INSERT OR DELETE ON ticket
    FOR EACH ROW EXECUTE FUNCTION loket_ticket_cell();
CREATE TRIGGER ticket_cell_update AFTER UPDATE OF geom, status, category_id, neighbourhood_id ON ticket
    FOR EACH ROW WHEN (OLD.geom IS DISTINCT FROM NEW.geom OR OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.category_id IS DISTINCT FROM NEW.category_id
                       OR OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id)
    EXECUTE FUNCTION loket_ticket_cell();

-- +goose Down
DROP TRIGGER ticket_cell_update ON ticket;
DROP TRIGGER ticket_cell_insert ON ticket;
DROP FUNCTION loket_ticket_cell();
DROP FUNCTION loket_cell(geometry);
DROP TABLE ticket_nbh;
DROP TABLE ticket_cell;
ALTER TABLE ticket DROP COLUMN geom_3857;
