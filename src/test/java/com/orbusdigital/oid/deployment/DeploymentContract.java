package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;

/**
 * What every server OID is deployed into must give, whatever the server: on a fresh database and
 * again after the server restarts, {@code /health} and readiness answered by OID, discovery and the
 * JWKS, a client_credentials token an independent library verifies, a readable error page at
 * {@code /authorize} with its stylesheet, and a person signing in through Chromium. Across the
 * restart the signing key stays the same, and no secret reaches the server's logs.
 */
public final class DeploymentContract {

    public static final String AUDIENCE = "deployment-audience";

    /** Long enough for the slowest server here to start on a busy 2-core machine. */
    private static final Duration READY = Duration.ofSeconds(240);

    private static final Duration WAIT = Duration.ofSeconds(30);

    private DeploymentContract() {
    }

    /** OID's whole configuration on every server: environment variables only. */
    public static Map<String, String> environment(TestPostgres postgres, AppServer server) {
        return Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "JWT_ISSUER", server.issuer(),
                "JWT_AUDIENCE", AUDIENCE,
                "OID_BOOTSTRAP_CLIENT_ID", TestInfrastructure.BOOTSTRAP_CLIENT_ID,
                "OID_BOOTSTRAP_CLIENT_SECRET", TestInfrastructure.BOOTSTRAP_CLIENT_SECRET);
    }

    /**
     * The whole contract on {@code server} with a database of its own: started on the fresh database,
     * checked, restarted, checked again. Stops the server and the database whatever happens.
     */
    public static void holds(AppServer server) throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort()); server) {
            Map<String, String> environment = environment(postgres, server);
            server.start(environment);
            awaitReady(server);
            Evidence fresh = check(server);

            server.stop();
            server.start(environment);
            awaitReady(server);
            Evidence restarted = check(server);

            assertThat(restarted.keyId()).as("the signing key after %s restarted", server.name()).isEqualTo(fresh.keyId());
            assertThat(new RelyingParty(server.issuer(), AUDIENCE).verifyAccessToken(fresh.accessToken()).getJWTID())
                    .as("a token issued before the restart verifies after it").isNotBlank();
            String logs = String.join("\n", server.logLines());
            assertThat(logs).as("%s's logs", server.name())
                    .doesNotContain(TestInfrastructure.BOOTSTRAP_CLIENT_SECRET)
                    .doesNotContain(SignInScenario.PASSWORD)
                    .doesNotContain(fresh.accessToken())
                    .doesNotContain(TestPostgres.PASSWORD);
        }
    }

    /** What one round of checks leaves behind, to compare across a restart. */
    public record Evidence(String keyId, String accessToken) {}

    /** Every check once, on a server where OID is ready. */
    public static Evidence check(AppServer server) throws Exception {
        Http.Response health = Http.get(server.base().resolve("health"));
        assertThat(health.status()).as("%s: GET /health", server.name()).isEqualTo(200);
        // OID's own answer, not the server's (Payara answers /health/* itself unless told not to)
        assertThat(health.body()).as("%s: GET /health", server.name()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(Http.get(server.base().resolve("health/ready")).status()).as("%s: readiness", server.name()).isEqualTo(200);

        RelyingParty relyingParty = new RelyingParty(server.issuer(), AUDIENCE);
        assertThat(relyingParty.metadata().getIssuer().getValue()).isEqualTo(server.issuer());
        JWKSet keys = JWKSet.parse(Http.get(server.base().resolve(".well-known/jwks.json")).body());
        assertThat(keys.getKeys()).as("%s: the JWKS", server.name()).isNotEmpty();

        TokenResponse token = relyingParty.clientCredentials(TestInfrastructure.BOOTSTRAP_CLIENT_ID,
                TestInfrastructure.BOOTSTRAP_CLIENT_SECRET, null);
        assertThat(token.indicatesSuccess()).as("%s: client_credentials", server.name()).isTrue();
        String accessToken = token.toSuccessResponse().getTokens().getAccessToken().getValue();
        JWTClaimsSet claims = relyingParty.verifyAccessToken(accessToken);
        assertThat(claims.getSubject()).isEqualTo(TestInfrastructure.BOOTSTRAP_CLIENT_ID);
        String keyId = SignedJWT.parse(accessToken).getHeader().getKeyID();
        assertThat(keys.getKeyByKeyId(keyId)).as("%s: the token's key is in the JWKS", server.name()).isNotNull();
        // OID's metrics (open without OID_METRICS_TOKEN), not the server's: Payara maps /metrics itself unless told not to
        Http.Response metrics = Http.get(server.base().resolve("metrics"));
        assertThat(metrics.status()).as("%s: GET /metrics", server.name()).isEqualTo(200);
        assertThat(metrics.body()).as("%s: GET /metrics", server.name()).contains("oid_tokens_issued_total{grant_type=\"client_credentials\"}");

        errorPageWithItsStylesheet(server);
        signInThroughTheBrowser(server);
        return new Evidence(keyId, accessToken);
    }

    private static void errorPageWithItsStylesheet(AppServer server) {
        Http.Response page = Http.get(server.base().resolve("authorize"), "Accept-Language", "en");
        assertThat(page.status()).as("%s: GET /authorize without parameters", server.name()).isEqualTo(400);
        assertThat(page.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<html", "href=\"assets/oid.css\"").doesNotContain("Exception", "\tat ");

        Http.Response stylesheet = Http.get(server.base().resolve("assets/oid.css"));
        assertThat(stylesheet.status()).as("%s: GET /assets/oid.css", server.name()).isEqualTo(200);
        assertThat(stylesheet.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        String etag = stylesheet.header("ETag").orElseThrow(() -> new AssertionError(server.name() + ": the stylesheet has no ETag"));
        assertThat(Http.get(server.base().resolve("assets/oid.css"), "If-None-Match", etag).status()).isEqualTo(304);
    }

    private static void signInThroughTheBrowser(AppServer server) throws Exception {
        try (CallbackServer application = CallbackServer.start(); Browser browser = Browser.start()) {
            SignInScenario scenario = SignInScenario.create(server.base(), server.issuer(), application.uri("/callback"), "public", "");
            SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
            Map<String, String> request = scenario.authorizationRequest(pkce);
            browser.open(scenario.authorizeUri(request).toString());
            WebDriver page = browser.driver();
            assertThat(page.getTitle()).as("%s: the login page", server.name()).contains("Sign in");
            page.findElement(By.id("username")).sendKeys(scenario.username);
            page.findElement(By.id("password")).sendKeys(SignInScenario.PASSWORD, Keys.ENTER);

            Map<String, String> answer = application.awaitRequest("/callback", WAIT);
            assertThat(answer.get("state")).isEqualTo(request.get("state"));
            assertThat(answer.get("iss")).isEqualTo(server.issuer());
            Http.Response tokens = scenario.exchange(answer.get("code"), pkce);
            assertThat(tokens.status()).as("%s: the code exchanged: %s", server.name(), tokens.body()).isEqualTo(200);
            IDTokenClaimsSet id = new IDTokenValidator(new com.nimbusds.oauth2.sdk.id.Issuer(server.issuer()),
                    new ClientID(scenario.clientId), JWSAlgorithm.RS256, server.base().resolve(".well-known/jwks.json").toURL())
                    .validate(JWTParser.parse(tokens.json().path("id_token").asText()), new Nonce(request.get("nonce")));
            assertThat(id.getSubject().getValue()).isEqualTo(scenario.userId);
        }
    }

    private static void awaitReady(AppServer server) {
        try {
            Http.awaitReady(server.base(), READY);
        } catch (AssertionError notReady) {
            List<String> log = server.logLines();
            throw new AssertionError(server.name() + " did not get OID ready within " + READY + "; the end of its log:\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 120), log.size())), notReady);
        }
    }
}
