-- The transactional outbox. A state change and its event are written in the same transaction, so
-- an event exists if and only if its change committed: a rolled-back change publishes nothing and
-- a committed one cannot be lost to a broker outage or a restart. OutboxRelay's background thread
-- publishes unpublished rows in id order and sets published_at only after Kafka acknowledged.
CREATE TABLE event_outbox (
    id           bigserial   PRIMARY KEY,           -- publication order
    event_id     uuid        NOT NULL,              -- the CloudEvents id: consumers deduplicate by it
    tenant_id    uuid        NOT NULL,              -- the Kafka record key: every identity change has a tenant
    type         text        NOT NULL,              -- CloudEvents type, for operators' queries
    payload      text        NOT NULL,              -- the CloudEvent JSON exactly as it is published
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz                        -- null until the broker acknowledged it
);
CREATE UNIQUE INDEX event_outbox_event_id_key ON event_outbox (event_id);
-- The relay's only query on the hot path ("the oldest unpublished rows") and the backlog count
-- touch just the few unpublished rows, however many published ones the table still keeps.
CREATE INDEX event_outbox_unpublished_idx ON event_outbox (id) WHERE published_at IS NULL;
