package com.orbusdigital.oid.mail;

import java.time.Duration;

/**
 * When a message that failed is tried again, and when the outbox gives up on it. Transient failures
 * (the server unreachable, a 4xx reply, a broker away) wait from {@link #FIRST} doubling up to
 * {@link #LONGEST}, and are given up once the message is older than {@link #GIVE_UP_AFTER}: a
 * forgotten password's link has long expired by then. A message the server refused for good (a 5xx
 * reply) is tried {@link #PERMANENT_ATTEMPTS} times in all — a reply can be wrong once, a mailbox
 * full for a while — then given up.
 */
public final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(10);
    static final Duration LONGEST = Duration.ofMinutes(30);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final int PERMANENT_ATTEMPTS = 3;

    private Backoff() {}

    /** The pause after the {@code attempts}-th failed attempt (1 = the first): 10 s, 20 s, 40 s, … at most 30 min. */
    static Duration after(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 20));
        Duration pause = FIRST.multipliedBy(1L << doublings);
        return pause.compareTo(LONGEST) > 0 ? LONGEST : pause;
    }

    /**
     * Whether a message that just failed its {@code attempts}-th attempt is given up.
     *
     * @param age how long ago it was written
     */
    static boolean givesUp(MailFailure failure, int attempts, Duration age) {
        if (failure.permanent()) {
            return attempts >= PERMANENT_ATTEMPTS;
        }
        return age.compareTo(GIVE_UP_AFTER) >= 0;
    }
}
