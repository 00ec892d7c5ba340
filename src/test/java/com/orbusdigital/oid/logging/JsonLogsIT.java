package com.orbusdigital.oid.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container image's logs with OID_LOG_FORMAT=json, OID at debug: every line Tomcat writes —
 * its own, OID's and the access log — is one JSON object; each request has an id, echoed and
 * logged; and after every flow that carries a secret (sign-in with a wrong and the right password,
 * the code exchange, refresh, revocation and introspection with Basic and form client secrets,
 * client credentials, creating a user with a password) not one password, secret, token or code
 * appears anywhere in the output.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = TestInfrastructure.BOOTSTRAP_CLIENT_ID;
    private static final String SECRET = TestInfrastructure.BOOTSTRAP_CLIENT_SECRET;

    @Test
    void everyLineIsJsonWithRequestIdsAndNoSecretOrTokenAppears() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat tomcat = StandaloneTomcat.startOid("json-logs", Map.of(
                     "DATABASE_URL", postgres.databaseUrl(),
                     "OID_LOG_FORMAT", "json",
                     "LOG_LEVEL", "debug",
                     "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                     "OID_BOOTSTRAP_CLIENT_SECRET", SECRET))) {
            URI base = tomcat.base();
            List<String> secrets = new ArrayList<>(List.of(SECRET, SignInScenario.PASSWORD));

            // a confidential client and a user created with a password through the admin API
            SignInScenario scenario = SignInScenario.create(base, tomcat.issuer(), "https://app.example/callback", "confidential", "");
            secrets.add(scenario.clientSecret);
            String wrongPassword = "wrong horse battery staple";
            secrets.add(wrongPassword);
            Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
            assertThat(scenario.signIn(new UserAgent(), request, wrongPassword).status()).isEqualTo(200);
            SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
            Map<String, String> signIn = scenario.authorizationRequest(pkce);
            String code = scenario.code(scenario.signIn(new UserAgent(), signIn, SignInScenario.PASSWORD), signIn);
            secrets.add(code);
            Http.Response exchanged = scenario.exchange(code, pkce); // client_secret_basic
            assertThat(exchanged.status()).isEqualTo(200);
            JsonNode tokens = exchanged.json();
            Http.Response refreshed = scenario.refresh(tokens.path("refresh_token").asText());
            assertThat(refreshed.status()).isEqualTo(200);
            for (JsonNode issued : List.of(tokens, refreshed.json())) {
                secrets.add(issued.path("access_token").asText());
                secrets.add(issued.path("refresh_token").asText());
                secrets.add(issued.path("id_token").asText());
            }
            String clientAuthentication = "&client_id=" + scenario.clientId + "&client_secret=" + scenario.clientSecret;
            Http.Response introspected = Http.postForm(base.resolve("introspect"), // client_secret_post
                    "token=" + refreshed.json().path("access_token").asText() + clientAuthentication);
            assertThat(introspected.json().path("active").asBoolean()).isTrue();
            assertThat(Http.postForm(base.resolve("revoke"), "token=" + refreshed.json().path("refresh_token").asText(),
                    "Authorization", Http.basic(scenario.clientId, scenario.clientSecret)).status()).isEqualTo(200);
            Http.Response posted = Http.postForm(base.resolve("token"),
                    "grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=" + SECRET);
            assertThat(posted.status()).isEqualTo(200);
            secrets.add(posted.json().path("access_token").asText());
            assertThat(Http.postForm(base.resolve("token"), "grant_type=client_credentials",
                    "Authorization", Http.basic(CLIENT_ID, SECRET + "-wrong")).status()).isEqualTo(401);
            secrets.add(SECRET + "-wrong");

            // request ids: a sane one is kept and logged with the request's own lines, anything else replaced
            String requestId = "it-request-0123456789";
            String adminToken = AdminClient.clientCredentialsToken(base, CLIENT_ID, SECRET);
            secrets.add(adminToken);
            Http.Response rotated = Http.json("POST", base.resolve("admin/keys/rotate"), null,
                    "Authorization", "Bearer " + adminToken, "X-Request-Id", requestId);
            assertThat(rotated.status()).isEqualTo(202);
            assertThat(rotated.header("X-Request-Id")).contains(requestId);
            Http.Response replaced = Http.get(base.resolve("health"), "X-Request-Id", "<script>alert(1)</script>");
            assertThat(replaced.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
            assertThat(Http.get(base.resolve("health")).header("X-Request-Id")).isPresent();

            tomcat.stop(); // everything flushed, shut-down lines included
            List<JsonNode> lines = new ArrayList<>();
            for (String line : tomcat.logLines()) {
                assertThat(line).as("every line is one JSON object").startsWith("{").endsWith("}");
                lines.add(JSON.readTree(line));
            }
            assertThat(lines).anySatisfy(line -> { // OID's own, inside the request
                assertThat(line.path("message").asText()).startsWith("Rotating signing keys (requested)");
                assertThat(line.path("request_id").asText()).isEqualTo(requestId);
                assertThat(line.path("level").asText()).isEqualTo("INFO");
                assertThat(line.path("logger").asText()).isEqualTo("com.orbusdigital.oid.key.SigningKeys");
                assertThat(line.path("thread").asText()).isNotBlank();
                assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
            });
            assertThat(lines).anySatisfy(line -> { // the access log
                assertThat(line.path("path").asText()).isEqualTo("/admin/keys/rotate");
                assertThat(line.toString()).contains(requestId);
            });
            assertThat(lines).anySatisfy(line -> assertThat(line.path("message").asText()).contains("Server startup in")); // Tomcat's
            assertThat(lines).noneSatisfy(line -> assertThat(line.toString()).contains("<script>"));
            String log = String.join("\n", tomcat.logLines());
            for (String secret : secrets) {
                assertThat(secret).isNotBlank();
                assertThat(log).doesNotContain(secret);
            }
        }
    }
}
