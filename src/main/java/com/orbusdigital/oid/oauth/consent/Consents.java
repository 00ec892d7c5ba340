package com.orbusdigital.oid.oauth.consent;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.event.ConsentChange;
import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.web.page.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Consent for third-party applications (issue 17): a client that is not first-party gets a code
 * only for scopes its user allowed it. The answer is remembered per user and client as the union of
 * the scopes allowed so far; a request within them asks nothing, a wider one asks for the new ones.
 * Revoking it (the user, an administrator) ends the client's authority at once: the user's refresh
 * tokens of the client, the access tokens issued beside them and from its codes, its unexchanged codes.
 */
@ApplicationScoped
public class Consents {

    /** The scopes the pages describe in words of their own; any other (a client's own API) is shown by its name. */
    static final Set<String> DESCRIBED = Set.of("openid", "profile", "email", "address", "phone", "offline_access");

    private ConsentStore store;
    private RefreshTokens refreshTokens;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected Consents() {
        // for the CDI proxy
    }

    @Inject
    public Consents(ConsentStore store, RefreshTokens refreshTokens, Event<IdentityEvent> events, Clock clock) {
        this.store = store;
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The scopes the consent page must ask for before {@code client} gets a code for {@code scope}:
     * none for a first-party client; those not granted yet; all of them when the request says
     * {@code prompt=consent}. One statement, in the caller's transaction (none for a first-party client).
     */
    public Scope toAsk(UUID userId, Client client, Scope scope, boolean promptConsent) {
        if (client.firstParty()) {
            return Scope.of(List.of());
        }
        if (promptConsent) {
            return scope;
        }
        Set<String> granted = store.granted(userId, client.id()).map(Scope::values).orElse(Set.of());
        return Scope.of(scope.values().stream().filter(value -> !granted.contains(value)).toList());
    }

    /** Each scope in words, for the consent and applications pages: {@code consent.scope.<name>}, or the name of a client's own. */
    public static List<Message> describe(Scope scope) {
        return scope.values().stream()
                .map(value -> DESCRIBED.contains(value) ? Message.of("consent.scope." + value) : Message.of("consent.scope.custom", value))
                .toList();
    }

    /** The user allowed {@code client} these scopes: added to what it held, and announced. */
    @Transactional
    public void grant(UUID userId, Client client, Scope scope) {
        Scope granted = store.add(client.tenant().id(), userId, client.id(), scope, clock.instant());
        events.fire(new ConsentChange.Granted(client.tenant().id(), userId, client.clientId(), List.copyOf(granted.values())));
    }

    /** The user's consents, oldest first. */
    @Transactional
    public List<ConsentStore.Consent> of(UUID tenantId, UUID userId) {
        return store.of(tenantId, userId);
    }

    /**
     * Revokes the user's consent to the client with this client_id (of the user's tenant), and what the
     * client holds by it; false when there was none (nothing is published then).
     */
    @Transactional
    public boolean revoke(UUID tenantId, UUID userId, String clientId, FactorChange.Actor by) {
        Optional<UUID> client = store.delete(tenantId, userId, clientId);
        if (client.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        int refreshRevoked = refreshTokens.revokeForConsent(userId, client.get(), now);
        store.endCodes(userId, client.get(), now);
        events.fire(new ConsentChange.Revoked(tenantId, userId, clientId, refreshRevoked, by));
        return true;
    }
}
