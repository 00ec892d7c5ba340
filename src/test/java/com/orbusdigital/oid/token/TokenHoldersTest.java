package com.orbusdigital.oid.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.user.UserSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one rule of every verification, on snapshots: who holds a token now decides whether it counts. */
class TokenHoldersTest {

    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID USER = UUID.randomUUID();
    private static final Instant ISSUED = Instant.parse("2026-12-07T10:00:00Z");

    private static ClientSnapshot client(boolean enabled, boolean tenantEnabled, Optional<Instant> revokedBefore) {
        return client(enabled, tenantEnabled, revokedBefore, ISSUED.minusSeconds(3600));
    }

    private static ClientSnapshot client(boolean enabled, boolean tenantEnabled, Optional<Instant> revokedBefore, Instant createdAt) {
        return new ClientSnapshot(UUID.randomUUID(), "svc", TENANT, tenantEnabled, false, ClientType.CONFIDENTIAL, enabled,
                Optional.of("hash"), Set.of("client_credentials"), List.of(), List.of("tenant-admin"), true, false, revokedBefore,
                createdAt);
    }

    private static ClientSnapshot client() {
        return client(true, true, Optional.empty());
    }

    private static UserSnapshot user(boolean enabled, Optional<Instant> revokedBefore) {
        return new UserSnapshot(USER, TENANT, enabled, List.of("editor"), revokedBefore);
    }

    private static Optional<TokenHolder> machine(Optional<ClientSnapshot> client) {
        return TokenHolders.holder("svc", "svc", TENANT, ISSUED, id -> client, id -> Optional.empty()).holder();
    }

    private static Optional<TokenHolder> userToken(ClientSnapshot client, Optional<UserSnapshot> user) {
        return TokenHolders.holder(USER.toString(), "svc", TENANT, ISSUED, id -> Optional.of(client), id -> user).holder();
    }

    private static Optional<TokenHolders.Refusal> refusal(ClientSnapshot client, Optional<UserSnapshot> user) {
        return TokenHolders.holder(USER.toString(), "svc", TENANT, ISSUED, id -> Optional.of(client), id -> user).refusal();
    }

    @Test
    void aMachineTokenCountsWhileItsClientIsEnabledInAnEnabledTenant() {
        assertThat(machine(Optional.of(client()))).hasValueSatisfying(holder -> {
            assertThat(holder.user()).isEmpty();
            assertThat(holder.roles()).containsExactly("tenant-admin");
        });
        assertThat(machine(Optional.empty())).as("client deleted").isEmpty();
        assertThat(machine(Optional.of(client(false, true, Optional.empty())))).as("client disabled").isEmpty();
        assertThat(machine(Optional.of(client(true, false, Optional.empty())))).as("tenant disabled").isEmpty();
    }

    @Test
    void aUsersTokenCountsWhileTheUserAndTheClientDo() {
        assertThat(userToken(client(), Optional.of(user(true, Optional.empty()))))
                .hasValueSatisfying(holder -> assertThat(holder.roles()).as("the user's roles, not the client's").containsExactly("editor"));
        assertThat(userToken(client(), Optional.empty())).as("user deleted").isEmpty();
        assertThat(userToken(client(), Optional.of(user(false, Optional.empty())))).as("user disabled").isEmpty();
        assertThat(userToken(client(false, true, Optional.empty()), Optional.of(user(true, Optional.empty())))).as("client disabled").isEmpty();
        assertThat(userToken(client(true, false, Optional.empty()), Optional.of(user(true, Optional.empty())))).as("tenant disabled").isEmpty();
    }

    @Test
    void aTokenIssuedBeforeItsClientWasRegisteredBelongedToAnEarlierClientOfThatId() {
        ClientSnapshot registeredAgain = client(true, true, Optional.empty(), ISSUED.plusSeconds(1));
        ClientSnapshot registeredThatSecond = client(true, true, Optional.empty(), ISSUED.plusMillis(999));

        assertThat(machine(Optional.of(registeredAgain))).as("a token of the deleted client").isEmpty();
        assertThat(refusal(registeredAgain, Optional.of(user(true, Optional.empty())))).contains(TokenHolders.Refusal.CLIENT);
        assertThat(machine(Optional.of(registeredThatSecond))).as("issued in the second it was registered").isPresent();
    }

    @Test
    void aWatermarkRevokesWhatWasIssuedAtOrBeforeItsSecond() {
        Optional<Instant> sameSecond = Optional.of(ISSUED.plusMillis(999));
        Optional<Instant> secondBefore = Optional.of(ISSUED.minusSeconds(1));

        assertThat(machine(Optional.of(client(true, true, Optional.of(ISSUED))))).isEmpty();
        assertThat(machine(Optional.of(client(true, true, sameSecond)))).as("issued in the second of the revocation").isEmpty();
        assertThat(machine(Optional.of(client(true, true, secondBefore)))).as("issued after it").isPresent();
        assertThat(userToken(client(true, true, Optional.of(ISSUED)), Optional.of(user(true, Optional.empty()))))
                .as("the client's watermark covers its users' tokens").isEmpty();
        assertThat(userToken(client(), Optional.of(user(true, sameSecond)))).isEmpty();
        assertThat(userToken(client(), Optional.of(user(true, secondBefore)))).isPresent();
    }

    @Test
    void aTokenNeverCrossesTenants() {
        UUID elsewhere = UUID.randomUUID();
        assertThat(TokenHolders.holder("svc", "svc", elsewhere, ISSUED, id -> Optional.of(client()), id -> Optional.empty())
                .holder()).isEmpty();
        assertThat(TokenHolders.holder(USER.toString(), "svc", TENANT, ISSUED, id -> Optional.of(client()),
                id -> Optional.of(new UserSnapshot(USER, elsewhere, true, List.of(), Optional.empty()))).holder()).isEmpty();
    }

    @Test
    void aSubjectThatIsNeitherItsClientNorAUserIdCountsForNothing() {
        assertThat(TokenHolders.holder("someone-else", "svc", TENANT, ISSUED, id -> Optional.of(client()),
                id -> Optional.of(user(true, Optional.empty()))).refusal()).contains(TokenHolders.Refusal.MALFORMED);
        assertThat(TokenHolders.holder("svc", null, TENANT, ISSUED, id -> Optional.of(client()), id -> Optional.empty())
                .refusal()).contains(TokenHolders.Refusal.MALFORMED);
    }

    @Test
    void aRefusalSaysWhichPartOfTheRuleFailed() {
        assertThat(refusal(client(false, true, Optional.empty()), Optional.of(user(true, Optional.empty()))))
                .contains(TokenHolders.Refusal.CLIENT);
        assertThat(refusal(client(), Optional.of(user(false, Optional.empty())))).contains(TokenHolders.Refusal.USER);
        assertThat(refusal(client(), Optional.empty())).contains(TokenHolders.Refusal.USER);
        assertThat(refusal(client(), Optional.of(user(true, Optional.of(ISSUED))))).contains(TokenHolders.Refusal.REVOKED);
        assertThat(refusal(client(), Optional.of(user(true, Optional.empty())))).isEmpty();
    }
}
