-- +goose Up
-- Name search in the population register. Unlike loket_norm (streets), the
-- fold keeps word boundaries: trigrams then match "Jan Peeters" with
-- "Peeters Jan" whatever the order.
-- +goose StatementBegin
CREATE FUNCTION loket_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, t)), '[^a-z0-9]+', ' ', 'g'))
$$;
-- +goose StatementEnd

CREATE INDEX resident_name_trgm ON resident USING gin (loket_fold(last_name || ' ' || first_name) gin_trgm_ops);

-- +goose Down
DROP INDEX resident_name_trgm;
DROP FUNCTION loket_fold(text);
