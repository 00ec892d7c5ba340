package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code oid.key.rotated}: a signing key published to succeed the current one, for the whole
 * platform (record key {@link IdentityEvent#PLATFORM_WIDE}); the subject is the new kid.
 *
 * @param reason {@code scheduled} or {@code requested}
 */
public record KeyRotated(String kid, Instant activeFrom, Optional<String> previousKid, Optional<Instant> previousPublishedUntil,
                         String reason) implements IdentityEvent {

    @Override
    public String type() {
        return "oid.key.rotated";
    }

    @Override
    public UUID tenantId() {
        return PLATFORM_WIDE;
    }

    @Override
    public String subject() {
        return kid;
    }

    @Override
    public EventData data() {
        return EventData.of().text("kid", kid).time("active_from", activeFrom).text("previous_kid", previousKid)
                .time("previous_published_until", previousPublishedUntil).text("reason", reason);
    }
}
