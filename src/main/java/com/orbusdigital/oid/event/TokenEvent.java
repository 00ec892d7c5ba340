package com.orbusdigital.oid.event;

import java.time.Instant;

/**
 * A token issued or revoked by its client: far more numerous than state changes, handed to the
 * publisher without touching the outbox or blocking the request. Carries the token's {@code jti}
 * so consumers can correlate — never the token itself.
 */
public sealed interface TokenEvent extends OidEvent permits TokenIssued, TokenRevoked {

    /** When it happened: the CloudEvent's {@code time}. */
    Instant time();
}
