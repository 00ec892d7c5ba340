package com.orbusdigital.oid.persistence;

/**
 * Fired once PostgreSQL is reachable and migrated, inside a request context. Observers do their
 * start-up work (signing keys, bootstrap client); if one fails, start-up retries them all.
 */
public record DatabaseReady(String schema) {}
