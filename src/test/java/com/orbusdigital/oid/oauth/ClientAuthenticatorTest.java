package com.orbusdigital.oid.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.orbusdigital.oid.client.ClientCache;
import com.orbusdigital.oid.client.ClientSecrets;
import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Client authentication on the token, revocation and introspection endpoints: RFC 6749 §2.3 and §5.2. */
class ClientAuthenticatorTest {

    private static final Instant CREATED = Instant.parse("2026-11-24T05:00:00Z");
    private static final String SECRET = "s3cret-of-the-service-client-0123456789";
    private static final String FAILED = "client authentication failed";
    private static final String BASIC_CHALLENGE = "Basic realm=\"oid\", charset=\"UTF-8\"";

    /** The clients OID holds in memory, over a map. */
    private static final class Clients extends ClientCache {
        private final Map<String, ClientSnapshot> byClientId = new HashMap<>();

        @Override
        public Optional<ClientSnapshot> find(String clientId) {
            return Optional.ofNullable(byClientId.get(clientId));
        }

        void put(ClientSnapshot client) {
            byClientId.put(client.clientId(), client);
        }
    }

    private final Clients clients = new Clients();
    private final ClientAuthenticator authenticator = new ClientAuthenticator(clients);

    private static ClientSnapshot client(String clientId, ClientType type, Optional<String> secretHash, boolean enabled,
                                         boolean tenantEnabled) {
        return new ClientSnapshot(UUID.randomUUID(), clientId, UUID.randomUUID(), tenantEnabled, false, type, enabled, secretHash,
                Set.of("client_credentials", "authorization_code"), List.of(), List.of(), true, false, Optional.empty(), CREATED);
    }

    private static ClientSnapshot confidential(String clientId, String secret) {
        return client(clientId, ClientType.CONFIDENTIAL, Optional.of(ClientSecrets.hash(secret)), true, true);
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static FormParameters form(String body) {
        return FormParameters.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private ClientSnapshot authenticate(String authorization, String body) {
        return authenticator.authenticate(ClientCredentials.from(authorization, form(body)));
    }

    private OAuthException refusal(String authorization, String body) {
        OAuthException refused = catchThrowableOfType(OAuthException.class, () -> authenticate(authorization, body));
        assertThat(refused).as("refused: " + authorization + " / " + body).isNotNull();
        return refused;
    }

    private void assertInvalidClient(String authorization, String body, String description) {
        OAuthException refused = refusal(authorization, body);
        assertThat(refused.error()).isEqualTo(OAuthError.INVALID_CLIENT);
        assertThat(refused.error().status()).isEqualTo(401);
        assertThat(refused.description()).isEqualTo(description);
        // RFC 6749 §5.2: a client that tried HTTP Basic gets its challenge back, a form-posting one none
        if (authorization != null) {
            assertThat(refused.challenge()).contains(BASIC_CHALLENGE);
        } else {
            assertThat(refused.challenge()).isEmpty();
        }
    }

    @Test
    void authenticateWhenClientSecretBasicIsRightThenTheClient() {
        ClientSnapshot service = confidential("service", SECRET);
        clients.put(service);

        assertThat(authenticate(basic("service", SECRET), "grant_type=client_credentials")).isSameAs(service);
    }

    @Test
    void authenticateWhenClientSecretPostIsRightThenTheClient() {
        ClientSnapshot service = confidential("service", SECRET);
        clients.put(service);

        assertThat(authenticate(null, "grant_type=client_credentials&client_id=service&client_secret=" + SECRET)).isSameAs(service);
    }

    @Test
    void authenticateWhenPublicClientSendsItsClientIdAloneThenTheClient() {
        ClientSnapshot spa = client("spa", ClientType.PUBLIC, Optional.empty(), true, true);
        clients.put(spa);

        assertThat(authenticate(null, "grant_type=authorization_code&client_id=spa")).isSameAs(spa);
    }

    @Test
    void authenticateWhenPublicClientOffersASecretThenInvalidClient() {
        clients.put(client("spa", ClientType.PUBLIC, Optional.empty(), true, true));

        assertInvalidClient(null, "client_id=spa&client_secret=anything", FAILED);
        assertInvalidClient(basic("spa", "anything"), "", FAILED);
    }

    @Test
    void authenticateWhenSecretIsWrongThenInvalidClient() {
        clients.put(confidential("service", SECRET));

        assertInvalidClient(basic("service", SECRET + "x"), "", FAILED);
        assertInvalidClient(null, "client_id=service&client_secret=" + SECRET.substring(1), FAILED);
        assertInvalidClient(basic("service", ""), "", FAILED);
    }

    @Test
    void authenticateWhenConfidentialClientSendsNoSecretThenInvalidClient() {
        clients.put(confidential("service", SECRET));

        assertInvalidClient(null, "grant_type=client_credentials&client_id=service", FAILED);
    }

    @Test
    void authenticateWhenClientIsUnknownThenTheSameInvalidClientAsAWrongSecret() {
        clients.put(confidential("service", SECRET));

        assertInvalidClient(basic("nobody", SECRET), "", FAILED);
        assertInvalidClient(null, "client_id=nobody&client_secret=" + SECRET, FAILED);
        assertInvalidClient(null, "client_id=nobody", FAILED);
    }

    @Test
    void authenticateWhenClientOrItsTenantIsDisabledThenInvalidClientEvenWithTheRightSecret() {
        String hash = ClientSecrets.hash(SECRET);
        clients.put(client("disabled", ClientType.CONFIDENTIAL, Optional.of(hash), false, true));
        clients.put(client("tenant-disabled", ClientType.CONFIDENTIAL, Optional.of(hash), true, false));
        clients.put(client("public-disabled", ClientType.PUBLIC, Optional.empty(), false, true));

        assertInvalidClient(basic("disabled", SECRET), "", FAILED);
        assertInvalidClient(null, "client_id=tenant-disabled&client_secret=" + SECRET, FAILED);
        assertInvalidClient(null, "client_id=public-disabled", FAILED);
    }

    @Test
    void authenticateWhenSecretWasRotatedThenOnlyTheNewOneWorks() {
        ClientSnapshot before = confidential("service", SECRET);
        clients.put(before);
        String rotated = ClientSecrets.generate();
        ClientSnapshot after = new ClientSnapshot(before.id(), before.clientId(), before.tenantId(), true, false, ClientType.CONFIDENTIAL,
                true, Optional.of(ClientSecrets.hash(rotated)), before.grantTypes(), before.scopes(), before.roles(), true, false,
                Optional.empty(), CREATED);
        clients.put(after);

        assertInvalidClient(basic("service", SECRET), "", FAILED);
        assertThat(authenticate(basic("service", rotated), "")).isSameAs(after);
    }

    @Test
    void authenticateWhenNoClientIsNamedThenInvalidClient() {
        assertInvalidClient(null, "grant_type=client_credentials", "client authentication is required");
        assertInvalidClient(null, "client_secret=" + SECRET, "client_secret was sent without client_id");
    }

    @Test
    void authenticateWhenTwoMethodsAreUsedAtOnceThenInvalidRequest() {
        clients.put(confidential("service", SECRET));

        OAuthException refused = refusal(basic("service", SECRET), "client_id=service&client_secret=" + SECRET);

        assertThat(refused.error()).isEqualTo(OAuthError.INVALID_REQUEST);
        assertThat(refused.error().status()).isEqualTo(400);
        assertThat(refused.description()).isEqualTo("use one client authentication method: HTTP Basic or client_secret in the body, not both");
    }

    @Test
    void authenticateWhenBasicHeaderIsMalformedThenInvalidClientWithABasicChallenge() {
        clients.put(confidential("service", SECRET));

        assertInvalidClient("Basic not*base64", "", "the Basic credentials are not valid base64");
        assertInvalidClient("Basic " + Base64.getEncoder().encodeToString("service".getBytes(StandardCharsets.UTF_8)), "",
                "the Basic credentials must be client_id:client_secret");
        assertInvalidClient(basic("serv%zzice", SECRET), "", "the Basic credentials have a malformed percent-encoding");
    }

    @Test
    void failuresNeverTellWhichCheckFailed() {
        clients.put(confidential("service", SECRET));
        clients.put(client("disabled", ClientType.CONFIDENTIAL, Optional.of(ClientSecrets.hash(SECRET)), false, true));

        assertThat(List.of(refusal(basic("service", "wrong"), ""), refusal(basic("nobody", SECRET), ""), refusal(basic("disabled", SECRET), "")))
                .extracting(OAuthException::error, OAuthException::description, e -> e.challenge().orElse(""))
                .containsOnly(org.assertj.core.groups.Tuple.tuple(OAuthError.INVALID_CLIENT, FAILED, BASIC_CHALLENGE));
    }
}
