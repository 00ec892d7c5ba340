package com.orbusdigital.oid.web;

import static com.orbusdigital.oid.web.CorsIT.preflight;
import static com.orbusdigital.oid.web.CorsIT.vary;
import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stock Tomcat serving OID under an https issuer (reached here over plain http on 127.0.0.1, as a
 * TLS-terminating proxy would), with the admin API opened to one console origin and no
 * CORS_ALLOWED_ORIGINS: HSTS on every response, CORS on the admin API only.
 */
class HttpsIssuerHeadersIT {

    private static final String CLIENT_ID = "https-admin";
    private static final String SECRET = "https-issuer-bootstrap-secret-0123456789";
    private static final String CONSOLE = "https://console.example.test";

    @Test
    void hstsOnEveryResponseAndCorsOnlyWhereConfigured() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat tomcat = new StandaloneTomcat("https-issuer", Map.of(
                     "DATABASE_URL", postgres.databaseUrl(),
                     "JWT_ISSUER", "https://oid.example.test",
                     "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                     "OID_BOOTSTRAP_CLIENT_SECRET", SECRET,
                     "OID_ADMIN_CORS_ALLOWED_ORIGINS", CONSOLE))) {
            tomcat.start();
            URI base = tomcat.base();
            Http.awaitReady(base, Duration.ofSeconds(120));

            for (String path : List.of("health", "assets/oid.css", ".well-known/jwks.json", "no-such-path", "authorize?client_id=nobody", "token")) {
                Http.Response response = Http.get(base.resolve(path));
                assertThat(response.headers().allValues("Strict-Transport-Security")).as(path)
                        .containsExactly("max-age=31536000; includeSubDomains");
                assertThat(response.headers().allValues("X-Content-Type-Options")).as(path).containsExactly("nosniff");
            }

            String token = AdminClient.clientCredentialsToken(base, CLIENT_ID, SECRET);
            Http.Response adminPreflight = preflight(base.resolve("admin/tenants/platform"), CONSOLE, "PATCH", "authorization,content-type");
            Http.Response adminCall = Http.get(base.resolve("admin/tenants"), "Origin", CONSOLE, "Authorization", "Bearer " + token);
            Http.Response strangerPreflight = preflight(base.resolve("admin/tenants"), "https://app.example.test", "GET", "authorization");

            assertThat(adminPreflight.status()).isEqualTo(200);
            assertThat(adminPreflight.header("Access-Control-Allow-Origin")).contains(CONSOLE);
            assertThat(adminPreflight.header("Access-Control-Allow-Methods").orElseThrow().split(","))
                    .containsExactlyInAnyOrder("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
            assertThat(adminPreflight.header("Access-Control-Allow-Credentials")).isEmpty();
            assertThat(adminPreflight.headers().allValues("Strict-Transport-Security")).hasSize(1);
            assertThat(adminCall.status()).isEqualTo(200);
            assertThat(adminCall.header("Access-Control-Allow-Origin")).contains(CONSOLE);
            assertThat(adminCall.header("Access-Control-Expose-Headers").orElseThrow().split(",")).contains("Location");
            assertThat(vary(adminCall)).contains("origin");
            assertThat(strangerPreflight.status()).isEqualTo(403);
            assertThat(strangerPreflight.header("Access-Control-Allow-Origin")).isEmpty();

            // without CORS_ALLOWED_ORIGINS the protocol endpoints send no CORS headers, and still serve everyone
            Http.Response discovery = Http.get(base.resolve(".well-known/openid-configuration"), "Origin", CONSOLE);
            Http.Response tokenPreflight = preflight(base.resolve("token"), CONSOLE, "POST", "authorization");
            Http.Response tokenFromPage = Http.postForm(base.resolve("token"), "grant_type=client_credentials",
                    "Origin", CONSOLE, "Authorization", Http.basic(CLIENT_ID, SECRET));

            assertThat(discovery.status()).isEqualTo(200);
            assertThat(discovery.json().path("issuer").asText()).isEqualTo("https://oid.example.test");
            for (Http.Response response : List.of(discovery, tokenPreflight, tokenFromPage)) {
                assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
            }
            assertThat(tokenFromPage.status()).isEqualTo(200);
        }
    }
}
