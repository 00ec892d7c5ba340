-- A change counter for the clients every replica keeps in memory (ClientCache): each change to a
-- client, tenant, role or role assignment adds one to it in the change's own transaction, and every
-- replica reads it every second, forgetting its cached clients when it moved. The row lock orders
-- the writers, so the counter moves in commit order and never ahead of the change it announces.
CREATE TABLE client_cache_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), -- one row, never more
    version   bigint  NOT NULL
);
INSERT INTO client_cache_version (singleton, version) VALUES (true, 0);
