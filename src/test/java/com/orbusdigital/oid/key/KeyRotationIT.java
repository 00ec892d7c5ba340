package com.orbusdigital.oid.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation on demand through the admin API: the new key is in the JWKS at once but signs only
 * after the publication lead, so tokens issued meanwhile still carry the old kid; the old key
 * stays published with its retirement scheduled; only oid-admin may ask.
 */
@OidIT
class KeyRotationIT {

    private RunningOid oid;

    private URI jwks;
    private AdminClient platform;

    @BeforeEach
    void setUp() throws Exception {
        jwks = URI.create(oid.issuer() + "/.well-known/jwks.json");
        platform = oid.platformAdmin();
    }

    @Test
    void aRequestedRotationPublishesTheNewKeyBeforeItSignsAndKeepsTheOldOne() throws Exception {
        Http.Response before = Http.get(jwks);
        String signing = kidOf(freshToken());
        JsonNode listed = platform.get("admin/keys").json().path("items");
        assertThat(listed).anySatisfy(key -> {
            assertThat(key.path("kid").asText()).isEqualTo(signing);
            assertThat(key.path("signing").asBoolean()).isTrue();
        });

        Http.Response rotated = platform.post("admin/keys/rotate", null);
        Instant asked = Instant.now();

        if (rotated.status() == 409) {
            // an earlier run's rotation is still pending: the rule under test is the same
            assertThat(rotated.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            return;
        }
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(202);
        JsonNode rotation = rotated.json();
        String next = rotation.path("kid").asText();
        assertThat(next).isNotEqualTo(signing);
        assertThat(rotation.path("previous_kid").asText()).isEqualTo(signing);
        Instant activeFrom = Instant.parse(rotation.path("active_from").asText());
        assertThat(activeFrom).isAfterOrEqualTo(asked.plus(KeySchedule.JWKS_CACHE.multipliedBy(2)).minusSeconds(5));
        assertThat(Instant.parse(rotation.path("previous_published_until").asText()))
                .isAfterOrEqualTo(activeFrom.plus(Duration.ofSeconds(900))); // the ITs' ACCESS_TOKEN_TTL_SECS

        // published at once (a new document: a cached copy revalidates to a different ETag) …
        Http.Response after = Http.get(jwks);
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        assertThat(JWKSet.parse(after.body()).getKeys()).extracting(key -> key.getKeyID()).contains(signing, next);
        // … but not signing yet: tokens keep the old kid and verify through the JWKS
        String token = freshToken();
        assertThat(kidOf(token)).isEqualTo(signing);
        assertThat(new RelyingParty(System.getProperty("oid.it.issuer"), TestInfrastructure.AUDIENCE).verifyAccessToken(token))
                .isNotNull();
        // one rotation at a time
        assertThat(platform.post("admin/keys/rotate", null).status()).isEqualTo(409);

        String event = EventStream.await(new UUID(0, 0).toString(), "oid.key.rotated", next).value();
        assertThat(event).contains("\"previous_kid\":\"" + signing + "\"", "\"reason\":\"requested\"").doesNotContain("\"d\"");
    }

    @Test
    void onlyAPlatformAdministratorSeesOrRotatesKeys() throws Exception {
        String tenant = platform.createTenant("keys");
        AdminClient tenantAdmin = platform.tenantAdmin(tenant);

        assertThat(tenantAdmin.post("admin/keys/rotate", null).status()).isEqualTo(403);
        assertThat(tenantAdmin.get("admin/keys").status()).isEqualTo(403);
        assertThat(Http.post(URI.create(System.getProperty("oid.it.issuer") + "/admin/keys/rotate"), "").status()).isEqualTo(401);
    }

    private String freshToken() throws Exception {
        return AdminClient.clientCredentialsToken(oid.root(), TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET);
    }

    private static String kidOf(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }
}
