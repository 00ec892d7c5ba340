package com.orbusdigital.oid.oauth.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.event.ConsentChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.testing.FiredEvents;
import com.orbusdigital.oid.web.page.Message;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the consent page asks for, and what allowing it remembers: the scopes granted so far, by user and client. */
class ConsentsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final UUID USER = UUID.randomUUID();

    /** The table as a map: (user, client) → scopes. */
    private static final class FakeStore extends ConsentStore {
        final Map<List<UUID>, Scope> rows = new HashMap<>();

        @Override
        public Optional<Scope> granted(UUID userId, UUID clientId) {
            return Optional.ofNullable(rows.get(List.of(userId, clientId)));
        }

        @Override
        public Scope add(UUID tenantId, UUID userId, UUID clientId, Scope scopes, Instant now) {
            Set<String> all = new LinkedHashSet<>(granted(userId, clientId).map(Scope::values).orElse(Set.of()));
            all.addAll(scopes.values());
            rows.put(List.of(userId, clientId), Scope.of(all));
            return Scope.of(all);
        }
    }

    private final FakeStore store = new FakeStore();
    private final FiredEvents<IdentityEvent> events = new FiredEvents<>();
    private final Consents consents = new Consents(store, null, events, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Client client(boolean firstParty) {
        Client client = new Client(new Tenant("acme", "Acme", NOW), "partner", "Partner", ClientType.PUBLIC, NOW);
        client.setFirstParty(firstParty, NOW);
        return client;
    }

    @Test
    void aFirstPartyClientIsNeverAskedEvenUnderPromptConsent() {
        assertThat(consents.toAsk(USER, client(true), Scope.parse("openid email"), true).isEmpty()).isTrue();
    }

    @Test
    void aThirdPartyClientAsksForWhatIsNotGrantedAndAllowingItAddsToWhatWas() {
        Client partner = client(false);
        assertThat(consents.toAsk(USER, partner, Scope.parse("openid email"), false).values()).containsExactly("openid", "email");

        consents.grant(USER, partner, Scope.parse("openid email"));
        assertThat(consents.toAsk(USER, partner, Scope.parse("email"), false).isEmpty()).as("a subset asks nothing").isTrue();
        assertThat(consents.toAsk(USER, partner, Scope.parse("openid profile docs:read"), false).values())
                .as("a wider request asks for the new scopes only").containsExactly("profile", "docs:read");
        assertThat(consents.toAsk(USER, partner, Scope.parse("openid"), true).values()).as("prompt=consent asks again").containsExactly("openid");
        assertThat(consents.toAsk(UUID.randomUUID(), partner, Scope.parse("openid"), false).values()).as("another user is asked")
                .containsExactly("openid");

        consents.grant(USER, partner, Scope.parse("profile"));
        assertThat(store.granted(USER, partner.id()).orElseThrow().values()).containsExactly("openid", "email", "profile");
        assertThat(events.fired()).containsExactly(
                new ConsentChange.Granted(partner.tenant().id(), USER, "partner", List.of("openid", "email")),
                new ConsentChange.Granted(partner.tenant().id(), USER, "partner", List.of("openid", "email", "profile")));
    }

    @Test
    void eachScopeIsDescribedInWordsAndAClientsOwnByItsName() {
        assertThat(Consents.describe(Scope.parse("openid profile email address phone offline_access docs:read"))).containsExactly(
                Message.of("consent.scope.openid"), Message.of("consent.scope.profile"), Message.of("consent.scope.email"),
                Message.of("consent.scope.address"), Message.of("consent.scope.phone"), Message.of("consent.scope.offline_access"),
                Message.of("consent.scope.custom", "docs:read"));
    }
}
