package com.orbusdigital.oid.web;

import static com.orbusdigital.oid.web.CorsIT.preflight;
import static com.orbusdigital.oid.web.CorsIT.vary;
import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stock Tomcat serving OID under an https issuer (reached here over plain http on 127.0.0.1, as a
 * TLS-terminating proxy would), with the admin API opened to one console origin and no
 * CORS_ALLOWED_ORIGINS: HSTS on every response, CORS on the admin API only, and the browser cookies
 * named with the __Host- prefix.
 */
class HttpsIssuerHeadersIT {

    private static final String CLIENT_ID = "https-admin";
    private static final String SECRET = "https-issuer-bootstrap-secret-0123456789";
    private static final String CONSOLE = "https://console.example.test";
    private static final String ISSUER = "https://oid.example.test";
    private static final String APP = "https://app.example.test/cb";
    private static final String PASSWORD = "violet tractor mango lighthouse";

    private static TestPostgres postgres;
    private static StandaloneTomcat tomcat;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start(StandaloneTomcat.freePort());
        tomcat = new StandaloneTomcat("https-issuer", Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "JWT_ISSUER", ISSUER,
                "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                "OID_BOOTSTRAP_CLIENT_SECRET", SECRET,
                "OID_ADMIN_CORS_ALLOWED_ORIGINS", CONSOLE));
        tomcat.start();
        base = tomcat.base();
        Http.awaitReady(base, Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        try (TestPostgres database = postgres; StandaloneTomcat server = tomcat) {
            // closed in reverse order: Tomcat first, then its database
        }
    }

    @Test
    void hstsOnEveryResponseAndCorsOnlyWhereConfigured() {
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
        assertThat(discovery.json().path("issuer").asText()).isEqualTo(ISSUER);
        for (Http.Response response : List.of(discovery, tokenPreflight, tokenFromPage)) {
            assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        }
        assertThat(tokenFromPage.status()).isEqualTo(200);
    }

    @Test
    void theBrowserCookiesAreHostPrefixedSecureAndForTheWholeHost() {
        AdminClient admin = AdminClient.withToken(base, AdminClient.clientCredentialsToken(base, CLIENT_ID, SECRET));
        String tenant = admin.createTenant("https");
        String username = "ada-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(admin.post("admin/tenants/" + tenant + "/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}")
                .status()).isEqualTo(201);
        Http.Response client = admin.post("admin/tenants/" + tenant + "/clients", "{\"name\":\"App\",\"type\":\"public\","
                + "\"redirect_uris\":[\"" + APP + "\"],\"grant_types\":[\"authorization_code\"]}");
        assertThat(client.status()).as(client.body()).isEqualTo(201);
        String query = "response_type=code&scope=openid&state=s1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256&client_id=" + client.json().path("client_id").asText() + "&redirect_uri=" + APP;

        Http.Response page = Http.get(base.resolve("authorize?" + query));

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(UserAgent.formAction(page.body())).isEqualTo(ISSUER + "/login");
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .endsWith("; form-action 'self' https://app.example.test"));
        String csrf = setCookie(page, "__Host-oid_csrf=");
        assertThat(csrf).endsWith("; Path=/; HttpOnly; Secure; SameSite=Strict");
        String csrfValue = csrf.substring("__Host-oid_csrf=".length(), csrf.indexOf(';'));
        assertThat(page.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("oid_"));
        Map<String, String> form = new LinkedHashMap<>(UserAgent.hiddenFields(page.body()));
        form.put("username", username);
        form.put("password", PASSWORD);

        // the same value under the unprefixed name, as a sibling host or plain http could plant it, is not taken
        Http.Response unprefixed = Http.postForm(base.resolve("login"), UserAgent.encode(form), "Cookie", "oid_csrf=" + csrfValue);
        Http.Response signedIn = Http.postForm(base.resolve("login"), UserAgent.encode(form), "Cookie", "__Host-oid_csrf=" + csrfValue);

        assertThat(unprefixed.status()).isEqualTo(403);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        assertThat(signedIn.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(APP + "?code="));
        String session = setCookie(signedIn, "__Host-oid_session=");
        assertThat(session).endsWith("; Path=/; HttpOnly; Secure; SameSite=Lax");
        String sessionValue = session.substring("__Host-oid_session=".length(), session.indexOf(';'));
        String silent = "authorize?" + query + "&prompt=none";
        assertThat(Http.get(base.resolve(silent), "Cookie", "__Host-oid_session=" + sessionValue).header("Location"))
                .hasValueSatisfying(location -> assertThat(location).contains("code="));
        assertThat(Http.get(base.resolve(silent), "Cookie", "oid_session=" + sessionValue).header("Location"))
                .hasValueSatisfying(location -> assertThat(location).contains("error=login_required"));
    }

    private static String setCookie(Http.Response response, String prefix) {
        return response.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " cookie in " + response.headers().map()));
    }
}
