package com.orbusdigital.oid.key;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When signing keys change, so that no relying party caching the JWKS ever meets an unknown kid
 * or loses a key it still needs:
 * <ul>
 *   <li>a new key is published {@link #lead} before it signs — two JWKS cache periods, so every
 *       cache has refetched, and every replica has reloaded its key ring, before the first token
 *       with the new kid exists;</li>
 *   <li>the key it replaces stops signing at that moment and stays published until every token it
 *       signed has expired, plus a margin for clock skew.</li>
 * </ul>
 * Keys rotate every {@code period}; a rotation may also be asked for (the admin API). Pure
 * functions of the keys and the time, so the whole timeline is tested with a fake clock.
 *
 * @param period        OID_KEY_ROTATION_DAYS
 * @param lead          how long a key is published before it signs
 * @param tokenLifetime the longest lifetime of a token a key signs (access and ID tokens)
 */
public record KeySchedule(Duration period, Duration lead, Duration tokenLifetime) {

    /** The JWKS answer's max-age (JwksResource); a lead of two of these covers every cache. */
    public static final Duration JWKS_CACHE = Duration.ofSeconds(300);
    static final Duration MARGIN = Duration.ofMinutes(5);

    public static KeySchedule of(Duration period, Duration tokenLifetime) {
        return new KeySchedule(period, JWKS_CACHE.multipliedBy(2), tokenLifetime);
    }

    /** The key signing at {@code now}: the latest activated and not retired (keys ordered newest activation first). */
    public static Optional<SigningKey> signing(List<SigningKey> keys, Instant now) {
        return keys.stream()
                .filter(key -> !key.activeFrom().isAfter(now) && key.retireAt().map(now::isBefore).orElse(true))
                .findFirst();
    }

    /** A key published but not yet signing: a rotation already under way. */
    public static Optional<SigningKey> pending(List<SigningKey> keys, Instant now) {
        return keys.stream().filter(key -> key.activeFrom().isAfter(now)).findFirst();
    }

    /** Whether the periodic rotation should publish a successor now. */
    public boolean due(List<SigningKey> keys, Instant now) {
        Optional<SigningKey> signing = signing(keys, now);
        return signing.isPresent() && pending(keys, now).isEmpty()
                && !now.isBefore(signing.get().activeFrom().plus(period).minus(lead));
    }

    /** When a successor published at {@code now} starts signing. */
    public Instant successorActiveFrom(Instant now) {
        return now.plus(lead);
    }

    /** Until when a key retiring at {@code retireAt} must stay published. */
    public Instant publishedUntil(Instant retireAt) {
        return retireAt.plus(tokenLifetime).plus(MARGIN);
    }
}
