package com.orbusdigital.oid.session.backchannel;

import java.time.Duration;

/**
 * When a logout token that was not accepted is sent again (Back-Channel Logout 1.0 §2.8: the OP
 * should retry), and when the relay gives up: from {@link #FIRST} doubling up to {@link #LONGEST},
 * until the logout is {@link #GIVE_UP_AFTER} old — about 57 attempts for an application that stays
 * down. Every failure is retried alike, a 4xx too: an application's deployment may answer 404 for
 * a few minutes, and a refused token costs only a request. A new token is signed at each attempt,
 * so none is sent expired.
 */
final class LogoutRetries {

    static final Duration FIRST = Duration.ofSeconds(5);
    static final Duration LONGEST = Duration.ofMinutes(30);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

    private LogoutRetries() {}

    /** The pause after the {@code attempts}-th failed attempt (1 = the first): 5 s, 10 s, 20 s, … at most 30 min. */
    static Duration after(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 20));
        Duration pause = FIRST.multipliedBy(1L << doublings);
        return pause.compareTo(LONGEST) > 0 ? LONGEST : pause;
    }

    /**
     * Whether a logout that just failed is given up.
     *
     * @param age how long ago the session ended
     */
    static boolean givesUp(Duration age) {
        return age.compareTo(GIVE_UP_AFTER) >= 0;
    }
}
