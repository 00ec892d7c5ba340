package com.orbusdigital.oid.oauth.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Fixtures.TestClient;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 7009: a client revokes its own access tokens, everywhere OID checks them; nobody else's. */
@OidIT
class RevocationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningOid oid;

    private URI revoke;
    private URI root;
    private URI introspect;
    private Fixtures fixtures;
    private UUID tenant;

    @BeforeEach
    void ready() throws Exception {
        root = oid.root();
        revoke = oid.resolve("revoke");
        introspect = oid.resolve("introspect");
        fixtures = oid.fixtures();
        tenant = fixtures.tenant("rv-" + UUID.randomUUID().toString().substring(0, 8), true);
    }

    private static JsonNode claims(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static void assertRevocationAnswer(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    private static void assertError(Http.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.json().path("error").asText()).isEqualTo(error);
        assertThat(response.json().path("error_description").asText()).isNotBlank();
    }

    private JsonNode introspect(TestClient client, String token) {
        Http.Response response = Http.postForm(introspect, "token=" + token, "Authorization", Http.basic(client.clientId(), client.secret()));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void anAdminTokenRevokedByItsClientIsRefusedByTheAdminApiAndIntrospectionAndAnnounced() throws Exception {
        String adminToken = AdminClient.clientCredentialsToken(root, TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET);
        AdminClient admin = AdminClient.withToken(root, adminToken);
        assertThat(admin.get("admin/tenants").status()).isEqualTo(200);
        String basic = Http.basic(TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET);

        assertRevocationAnswer(Http.postForm(revoke, "token=" + adminToken + "&token_type_hint=access_token", "Authorization", basic));

        Http.Response refused = admin.get("admin/tenants");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
        Http.Response introspected = Http.postForm(introspect, "token=" + adminToken, "Authorization", basic);
        assertThat(introspected.body()).isEqualTo("{\"active\":false}");
        // revoking again is the same answer (RFC 7009 §2.2) and announces nothing new
        assertRevocationAnswer(Http.postForm(revoke, "token=" + adminToken, "Authorization", basic));

        JsonNode claims = claims(adminToken);
        String jti = claims.path("jti").asText();
        ConsumerRecord<String, String> event = EventStream.await(claims.path("tenant_id").asText(), "oid.token.revoked", jti);
        JsonNode cloudEvent = JSON.readTree(event.value());
        assertThat(cloudEvent.path("source").asText()).isEqualTo(System.getProperty("oid.it.issuer"));
        assertThat(cloudEvent.path("subject").asText()).isEqualTo(TestInfrastructure.BOOTSTRAP_CLIENT_ID);
        JsonNode data = cloudEvent.path("data");
        assertThat(data.path("tenant_id").asText()).isEqualTo(claims.path("tenant_id").asText());
        assertThat(data.path("client_id").asText()).isEqualTo(TestInfrastructure.BOOTSTRAP_CLIENT_ID);
        assertThat(data.path("jti").asText()).isEqualTo(jti);
        assertThat(event.value()).doesNotContain(adminToken).doesNotContain(adminToken.split("\\.")[2]);
        assertThat(new String(event.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith("application/cloudevents+json");
    }

    @Test
    void anotherTenantsClientOrAnotherClientOfTheTenantRevokesNothingYetHearsTheSame200() {
        TestClient owner = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        TestClient sibling = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        UUID otherTenant = fixtures.tenant("rvo-" + UUID.randomUUID().toString().substring(0, 8), true);
        TestClient stranger = fixtures.confidentialClient(otherTenant, List.of("client_credentials"), List.of());
        String token = AdminClient.clientCredentialsToken(root, owner.clientId(), owner.secret());

        assertRevocationAnswer(Http.postForm(revoke, "token=" + token, "Authorization", Http.basic(stranger.clientId(), stranger.secret())));
        assertRevocationAnswer(Http.postForm(revoke, "token=" + token + "&client_id=" + sibling.clientId() + "&client_secret=" + sibling.secret()));

        assertThat(introspect(owner, token).path("active").asBoolean()).isTrue();
    }

    @Test
    void aRefreshTokenHintOrAnUnknownHintStillRevokesAnAccessToken() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String basic = Http.basic(client.clientId(), client.secret());
        String first = AdminClient.clientCredentialsToken(root, client.clientId(), client.secret());
        String second = AdminClient.clientCredentialsToken(root, client.clientId(), client.secret());

        assertRevocationAnswer(Http.postForm(revoke, "token=" + first + "&token_type_hint=refresh_token", "Authorization", basic));
        assertRevocationAnswer(Http.postForm(revoke, "token=" + second + "&token_type_hint=urn%3Aexample%3Anonsense", "Authorization", basic));

        assertThat(introspect(client, first).toString()).isEqualTo("{\"active\":false}");
        assertThat(introspect(client, second).toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void anUnknownOrGarbageTokenIs200() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String basic = Http.basic(client.clientId(), client.secret());

        assertRevocationAnswer(Http.postForm(revoke, "token=not-a-token", "Authorization", basic));
        assertRevocationAnswer(Http.postForm(revoke, "token=eyJhbGciOiJub25lIn0.eyJqdGkiOiJ4In0.", "Authorization", basic));
    }

    @Test
    void aPublicClientIdentifiesItselfByClientIdAlone() {
        String publicClient = fixtures.publicClient(tenant);
        TestClient confidential = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String token = AdminClient.clientCredentialsToken(root, confidential.clientId(), confidential.secret());

        assertRevocationAnswer(Http.postForm(revoke, "token=garbage&client_id=" + publicClient));
        // not its token: nothing happens
        assertRevocationAnswer(Http.postForm(revoke, "token=" + token + "&client_id=" + publicClient));
        assertThat(introspect(confidential, token).path("active").asBoolean()).isTrue();
    }

    @Test
    void withoutClientAuthenticationItIsInvalidClient() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String token = AdminClient.clientCredentialsToken(root, client.clientId(), client.secret());

        assertError(Http.postForm(revoke, "token=" + token), 401, "invalid_client");
        assertError(Http.postForm(revoke, "token=" + token + "&client_id=no-such-client"), 401, "invalid_client");
        Http.Response wrongSecret = Http.postForm(revoke, "token=" + token, "Authorization", Http.basic(client.clientId(), "wrong"));
        assertError(wrongSecret, 401, "invalid_client");
        assertThat(wrongSecret.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));

        assertThat(introspect(client, token).path("active").asBoolean()).isTrue();
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String basic = Http.basic(client.clientId(), client.secret());

        assertError(Http.postForm(revoke, "", "Authorization", basic), 400, "invalid_request");
        assertError(Http.postForm(revoke, "token=a&token=b", "Authorization", basic), 400, "invalid_request");
        assertError(Http.postForm(revoke, "token=%E0%A4", "Authorization", basic), 400, "invalid_request");
        assertError(Http.post(revoke, "{\"token\":\"a\"}", "Content-Type", "application/json", "Authorization", basic), 400, "invalid_request");
        assertError(Http.postForm(revoke, "token=a&client_id=" + client.clientId() + "&client_secret=" + client.secret(), "Authorization", basic),
                400, "invalid_request");
    }

    @Test
    void aRevocationRecordedByAnotherReplicaIsRefusedHereWithinSeconds() throws Exception {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String token = AdminClient.clientCredentialsToken(root, client.clientId(), client.secret());
        JsonNode claims = claims(token);
        assertThat(introspect(client, token).path("active").asBoolean()).isTrue();

        // only the table knows: this replica learns of it at its next reload (every 5 s)
        fixtures.revokedElsewhere(claims.path("jti").asText(), tenant, client.clientId(),
                Instant.ofEpochSecond(claims.path("exp").asLong()));

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (introspect(client, token).path("active").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(introspect(client, token).toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void expiredRevocationsAreDeletedByTheServiceItself() throws Exception {
        String jti = "expired-" + UUID.randomUUID();
        fixtures.revokedElsewhere(jti, tenant, "gone-client", Instant.now().minusSeconds(60));

        // housekeeping runs every OID_HOUSEKEEPING_INTERVAL_SECS on every replica (1 s in the ITs)
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (fixtures.remembersRevoked(jti) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(fixtures.remembersRevoked(jti)).isFalse();
    }
}
