package com.orbusdigital.oid.account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Issue 17: an invitation as stored (table invitations), and the rules of its link: how long it may
 * be valid, what a token looks like, and the state it is in at a given instant ('expired' is not
 * stored: a pending invitation past its expiry). Never the link: only its SHA-256 is kept.
 */
public record Invitation(UUID id, UUID tenantId, String email, String username, Optional<String> name, List<String> roles,
                         Optional<String> clientId, Optional<String> redirectUri, Optional<String> locale, String storedState,
                         Instant createdAt, Instant sentAt, Instant expiresAt, Optional<Instant> acceptedAt, Optional<Instant> revokedAt,
                         Optional<UUID> userId) {

    /** How long a link works unless the request says otherwise, and the bounds of what it may say. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 30;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** Where an invitation stands. */
    public enum State {
        PENDING, ACCEPTED, REVOKED, EXPIRED;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<State> of(String value) {
            for (State state : values()) {
                if (state.value().equals(value)) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }

    public Invitation {
        roles = List.copyOf(roles);
    }

    /** The state at {@code now}: a pending invitation whose link has expired is expired, whatever the row says. */
    public State state(Instant now) {
        State stored = State.of(storedState).orElseThrow(() -> new IllegalStateException("unknown invitation state " + storedState));
        return stored == State.PENDING && !now.isBefore(expiresAt) ? State.EXPIRED : stored;
    }

    /** Whether its link may still be followed, or sent again: pending and unexpired. */
    public boolean live(Instant now) {
        return state(now) == State.PENDING;
    }

    /** The domain of the address, the most an event says of it. */
    public String recipientDomain() {
        return domain(email);
    }

    static String domain(String email) {
        return email.substring(email.lastIndexOf('@') + 1);
    }

    /** The validity a request asks for, in days within [{@link #MIN_DAYS}, {@link #MAX_DAYS}]; empty when outside. */
    public static Optional<Duration> validity(Optional<Integer> days) {
        if (days.isEmpty()) {
            return Optional.of(DEFAULT_VALIDITY);
        }
        int asked = days.get();
        return asked < MIN_DAYS || asked > MAX_DAYS ? Optional.empty() : Optional.of(Duration.ofDays(asked));
    }

    /** Whether {@code token} can be a link's token at all (256 bits, base64url): anything else is refused without a query. */
    public static boolean wellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    @Override
    public String toString() {
        return "Invitation[" + id + "]"; // never the address
    }
}
