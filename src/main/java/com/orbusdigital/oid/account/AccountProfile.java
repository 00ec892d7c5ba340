package com.orbusdigital.oid.account;

import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.ProfileChange;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.StandardClaims;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed-in user's own change to their profile: their name and the standard claims their tenant
 * lets them edit ({@code profile_editable}), values already checked by {@code ClaimRules}. One
 * transaction, the user's row locked, announced as {@code oid.user.profile_updated} naming the claims
 * that changed (never their values); a save that changes nothing announces nothing.
 */
@ApplicationScoped
public class AccountProfile {

    private UserRepository users;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected AccountProfile() {
        // for the CDI proxy
    }

    @Inject
    public AccountProfile(UserRepository users, Event<IdentityEvent> events, Clock clock) {
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param name   present to change the name: the new one, or empty to remove it
     * @param claims the claims to change, only those the tenant lets its users edit
     * @return the names of the claims that changed
     */
    @Transactional
    public List<String> save(AccountSecurity.Holder holder, Optional<Optional<String>> name, StandardClaims.Edit claims) {
        List<String> editable = holder.tenant().profileEditable();
        if (name.isPresent() && !editable.contains("name") || !editable.containsAll(claims.claims().keySet())) {
            throw new IllegalArgumentException("a claim this tenant's users may not edit"); // the page reads only those
        }
        Optional<User> current = users.current(holder.user());
        if (current.isEmpty()) {
            return List.of(); // deleted meanwhile: the page then sends the browser to sign in
        }
        User user = current.get();
        Instant now = clock.instant();
        List<String> changed = new ArrayList<>();
        if (name.isPresent() && !Objects.equals(name.get(), user.name())) {
            user.setName(name.get().orElse(null), now);
            changed.add("name");
        }
        StandardClaims before = user.standardClaims();
        if (user.editStandardClaims(claims, now)) {
            changed.addAll(user.standardClaims().changedFrom(before));
        }
        if (!changed.isEmpty()) {
            events.fire(new ProfileChange.Updated(user.tenantId(), user.id(), changed));
        }
        return changed;
    }
}
