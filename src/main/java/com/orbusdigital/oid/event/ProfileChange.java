package com.orbusdigital.oid.event;

import java.util.List;
import java.util.UUID;

/**
 * A user's own change to their profile on the account page. The subject is the user. The data names
 * the claims that changed, never their values: a consumer that needs them reads userinfo or the
 * admin API, as it does for every other change of a user.
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface ProfileChange extends IdentityEvent {

    UUID userId();

    @Override
    default String subject() {
        return userId().toString();
    }

    /** {@code oid.user.profile_updated}: {@code claims}, the names of those changed (name, given_name, address, …). */
    record Updated(UUID tenantId, UUID userId, List<String> claims) implements ProfileChange {

        public Updated {
            claims = List.copyOf(claims);
        }

        @Override
        public String type() {
            return "oid.user.profile_updated";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).texts("claims", claims).text("by", "user");
        }
    }
}
