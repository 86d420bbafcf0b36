-- +goose Up
-- What a category asks besides the description (Open311 service
-- attributes): a list of {code, datatype, required, order, description
-- {nl, fr, en}, values [{key, name {nl, fr, en}}]}. A ticket keeps the
-- answers, and the link to a photo its reporter sent.
ALTER TABLE category ADD COLUMN attributes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attributes) = 'array');
ALTER TABLE ticket
    ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    ADD COLUMN media_url text CHECK (media_url ~ '^https?://' AND length(media_url) <= 2000);

-- +goose Down
ALTER TABLE ticket DROP COLUMN media_url, DROP COLUMN attributes;
ALTER TABLE category DROP COLUMN attributes;
