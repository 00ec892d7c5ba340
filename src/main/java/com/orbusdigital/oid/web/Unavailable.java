package com.orbusdigital.oid.web;

/**
 * Something OID needs is not there yet or not for now (the signing keys before the database was
 * first reached): answered 503 with Retry-After in the format of the endpoint's kind — {@code
 * temporarily_unavailable} to a client, a problem document on the admin API, a page in a browser.
 * Neutral on purpose: the piece that throws it does not know who asked. An expected state, so no
 * stack trace.
 */
public final class Unavailable extends RuntimeException {

    /** @param reason for the log and for a client or admin tool (never a secret) */
    public Unavailable(String reason) {
        super(reason, null, false, false);
    }
}
