package com.orbusdigital.oid.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.testing.UserAgent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The key of the CSRF tokens belongs to the deployment, not to a process: it is made once, kept in
 * PostgreSQL (server_secrets) and read at start-up, so a login form served before a restart — here
 * one that also brings OID_KEY_ENCRYPTION_KEY, which seals the stored key — still signs in after
 * it, as a form served by one replica does on another.
 */
class CsrfKeyAcrossRestartIT {

    private static final String CLIENT_ID = "csrf-admin";
    private static final String SECRET = "csrf-restart-bootstrap-secret-0123456789";
    private static final String ENCRYPTION_KEY = "q7Qn3zY1mJ0uV8sX2cR5tW9eA4bD6fG0hK1lN3pQ5rs=";
    private static final String APP = "https://app.example.test/cb";
    private static final String PASSWORD = "violet tractor mango lighthouse";

    @Test
    void aLoginFormServedBeforeARestartThatSealsTheKeySignsInAfterIt() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat tomcat = new StandaloneTomcat("csrf-restart", Map.of(
                     "DATABASE_URL", postgres.databaseUrl(),
                     "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                     "OID_BOOTSTRAP_CLIENT_SECRET", SECRET))) {
            tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
            tomcat.start();
            Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));
            AdminClient admin = AdminClient.withToken(tomcat.base(), AdminClient.clientCredentialsToken(tomcat.base(), CLIENT_ID, SECRET));
            String tenant = admin.createTenant("csrf");
            assertThat(admin.post("admin/tenants/" + tenant + "/users", "{\"username\":\"ada\",\"password\":\"" + PASSWORD + "\"}")
                    .status()).isEqualTo(201);
            Http.Response client = admin.post("admin/tenants/" + tenant + "/clients", "{\"name\":\"App\",\"type\":\"public\","
                    + "\"redirect_uris\":[\"" + APP + "\"],\"grant_types\":[\"authorization_code\"]}");
            assertThat(client.status()).as(client.body()).isEqualTo(201);
            Http.Response page = Http.get(tomcat.base().resolve("authorize?response_type=code&scope=openid&state=s1"
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&client_id="
                    + client.json().path("client_id").asText() + "&redirect_uri=" + APP));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            String csrfCookie = page.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("oid_csrf="))
                    .map(cookie -> cookie.substring("oid_csrf=".length(), cookie.indexOf(';'))).findFirst().orElseThrow();
            Map<String, String> form = new LinkedHashMap<>(UserAgent.hiddenFields(page.body()));
            form.put("username", "ada");
            form.put("password", PASSWORD);
            byte[] plainKey = storedKey(postgres, "none");
            assertThat(plainKey).hasSize(32);

            tomcat.stop();
            tomcat.environmentAlso("OID_KEY_ENCRYPTION_KEY", ENCRYPTION_KEY);
            tomcat.start();
            Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));

            Http.Response signedIn = Http.postForm(tomcat.base().resolve("login"), UserAgent.encode(form), "Cookie", "oid_csrf=" + csrfCookie);
            assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
            assertThat(signedIn.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(APP + "?code="));
            // sealed in place (IV, the 32 bytes encrypted, the tag): a copy of the table forges no form
            byte[] sealed = storedKey(postgres, "aes-256-gcm");
            assertThat(sealed).hasSize(12 + 32 + 16);
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(plainKey, StandardCharsets.ISO_8859_1));
            assertThat(String.join("\n", tomcat.logLines())).contains("Server secret csrf is now stored encrypted (aes-256-gcm)")
                    .doesNotContain(ENCRYPTION_KEY);
        }
    }

    /** The one stored CSRF key, after checking how it is stored (the mail outbox's key is another server secret). */
    private static byte[] storedKey(TestPostgres postgres, String encryption) throws Exception {
        try (var connection = postgres.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT name, encryption, secret FROM server_secrets WHERE name = 'csrf'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("csrf");
            assertThat(rows.getString(2)).isEqualTo(encryption);
            byte[] secret = rows.getBytes(3);
            assertThat(rows.next()).as("one row").isFalse();
            return secret;
        }
    }
}
