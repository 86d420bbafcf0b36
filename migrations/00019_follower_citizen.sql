-- +goose Up
-- A citizen's tickets include those they follow: found by account here,
-- as by e-mail through ticket_follower_email_idx.
CREATE INDEX ticket_follower_citizen_idx ON ticket_follower (municipality_id, citizen_id) WHERE citizen_id IS NOT NULL;

-- +goose Down
DROP INDEX ticket_follower_citizen_idx;
