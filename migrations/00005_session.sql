-- +goose Up
-- Signed-in staff. Only a hash of the token is stored, so a leaked table
-- gives no one a way in.
CREATE TABLE staff_session (
    municipality_id integer NOT NULL REFERENCES municipality (id),
    token_hash      bytea NOT NULL CHECK (length(token_hash) = 32),
    staff_id        integer NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (municipality_id, token_hash),
    FOREIGN KEY (municipality_id, staff_id) REFERENCES staff (municipality_id, id) ON DELETE CASCADE,
    CHECK (expires_at > created_at)
);
CREATE UNIQUE INDEX staff_session_token_idx ON staff_session (token_hash);
CREATE INDEX staff_session_expires_idx ON staff_session (expires_at);

-- +goose Down
DROP TABLE staff_session;
