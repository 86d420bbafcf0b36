-- +goose Up
-- Only imported tickets (another city's register) have an external id.
-- The unique constraint indexed every native ticket's NULL too: 300 MB
-- at ten million tickets, written by every intake and never read. The
-- index now holds the imported tickets alone; uniqueness is the same,
-- as NULLs never conflicted, and look-ups by external id use it.
CREATE UNIQUE INDEX ticket_external_id_idx ON ticket (municipality_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE ticket DROP CONSTRAINT ticket_external_id_key;

-- +goose Down
ALTER TABLE ticket ADD CONSTRAINT ticket_external_id_key UNIQUE (municipality_id, external_id);
DROP INDEX ticket_external_id_idx;
