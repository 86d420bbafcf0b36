-- +goose Up
-- The register's own identifier of an address (BeST-Add/CRAB), so that a
-- re-import recognises an address even when its street was renamed.
ALTER TABLE address ADD COLUMN external_id text CHECK (external_id <> '');
ALTER TABLE address ADD CONSTRAINT address_external_id_key UNIQUE (municipality_id, external_id);

-- +goose Down
ALTER TABLE address DROP COLUMN external_id;
