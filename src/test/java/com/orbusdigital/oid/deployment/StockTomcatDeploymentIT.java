package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The WAR copied as ROOT.war into a stock Tomcat 10.1 with the container image's configuration,
 * OID configured by environment variables only: it serves health, discovery and JWKS, issues tokens
 * an independent library verifies, and keeps its key across a restart — also when that restart
 * brings OID_KEY_ENCRYPTION_KEY and the key is sealed at rest.
 */
class StockTomcatDeploymentIT {

    private static final String CLIENT_ID = "stock-admin";
    private static final String SECRET = "stock-tomcat-bootstrap-secret-0123456789";
    private static final String ENCRYPTION_KEY = "q7Qn3zY1mJ0uV8sX2cR5tW9eA4bD6fG0hK1lN3pQ5rs=";

    @Test
    void servesVerifiableTokensAndKeepsItsKeyAcrossARestart() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort())) {
            StandaloneTomcat tomcat = new StandaloneTomcat("stock", Map.of(
                    "DATABASE_URL", postgres.databaseUrl(),
                    "JWT_AUDIENCE", "stock-audience",
                    "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                    "OID_BOOTSTRAP_CLIENT_SECRET", SECRET));
            try (tomcat) {
                tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
                tomcat.start();
                Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));

                assertThat(Http.get(tomcat.base().resolve("health")).body()).isEqualTo("{\"status\":\"UP\"}");
                RelyingParty relyingParty = new RelyingParty(tomcat.issuer(), "stock-audience");
                TokenResponse before = relyingParty.clientCredentials(CLIENT_ID, SECRET, null);
                assertThat(before.indicatesSuccess()).isTrue();
                String tokenBefore = before.toSuccessResponse().getTokens().getAccessToken().getValue();
                JWTClaimsSet claims = relyingParty.verifyAccessToken(tokenBefore);
                assertThat(claims.getSubject()).isEqualTo(CLIENT_ID);
                assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000L);
                String kidBefore = SignedJWT.parse(tokenBefore).getHeader().getKeyID();
                String jwksBefore = Http.get(tomcat.base().resolve(".well-known/jwks.json")).body();

                // the second start is given an encryption key: the stored key is sealed in place, same kid
                tomcat.stop();
                tomcat.environmentAlso("OID_KEY_ENCRYPTION_KEY", ENCRYPTION_KEY);
                tomcat.start();
                Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));

                String jwksAfter = Http.get(tomcat.base().resolve(".well-known/jwks.json")).body();
                assertThat(JWKSet.parse(jwksAfter).getKeys()).extracting(key -> key.getKeyID()).containsExactly(kidBefore);
                assertThat(jwksAfter).isEqualTo(jwksBefore);
                RelyingParty afterRestart = new RelyingParty(tomcat.issuer(), "stock-audience");
                assertThat(afterRestart.verifyAccessToken(tokenBefore).getJWTID()).isEqualTo(claims.getJWTID());
                String tokenAfter = afterRestart.clientCredentials(CLIENT_ID, SECRET, null)
                        .toSuccessResponse().getTokens().getAccessToken().getValue();
                assertThat(SignedJWT.parse(tokenAfter).getHeader().getKeyID()).isEqualTo(kidBefore);

                // the bootstrap ran twice and changed nothing: one platform tenant, one client
                try (var connection = postgres.connect(); var statement = connection.createStatement();
                     var rows = statement.executeQuery("SELECT (SELECT count(*) FROM tenants), (SELECT count(*) FROM clients), (SELECT count(*) FROM signing_keys)")) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(1);
                    assertThat(rows.getInt(2)).isEqualTo(1);
                    assertThat(rows.getInt(3)).isEqualTo(1);
                }
                try (var connection = postgres.connect(); var statement = connection.createStatement();
                     var rows = statement.executeQuery("SELECT private_key_encryption, private_key FROM signing_keys")) {
                    rows.next();
                    assertThat(rows.getString(1)).isEqualTo("aes-256-gcm");
                    // no longer a PKCS#8 DER SEQUENCE: a copy of the table signs nothing
                    assertThat(rows.getBytes(2)[0]).isNotEqualTo((byte) 0x30);
                }
                // without REDPANDA_BROKERS the outbox relays to the in-memory bus: the first start's
                // five events, none from the idempotent second, all marked published
                awaitOutbox(postgres, 5);
                assertThat(String.join("\n", tomcat.logLines())).doesNotContain(SECRET).doesNotContain(tokenBefore)
                        .doesNotContain(ENCRYPTION_KEY).contains("is now stored encrypted (aes-256-gcm)");
            }
        }
    }

    private static void awaitOutbox(TestPostgres postgres, int events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (var connection = postgres.connect(); var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT count(*), count(published_at) FROM event_outbox")) {
                rows.next();
                last = rows.getInt(1) + " events, " + rows.getInt(2) + " published";
                if (rows.getInt(1) == events && rows.getInt(2) == events) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + events + " events, all published; outbox has " + last);
    }
}
