package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-origin access (the Fetch standard's CORS protocol) and the headers on every response, against
 * the integration tests' OID: CORS_ALLOWED_ORIGINS=https://app.example.test, no admin origins, an
 * http issuer.
 */
@OidIT
class CorsIT {

    static final String APP = "https://app.example.test";
    private static final String STRANGER = "https://evil.example.test";
    private static final String FORM = "application/x-www-form-urlencoded";

    private RunningOid oid;

    private URI root;

    @BeforeEach
    void ready() throws Exception {
        root = oid.root();
    }

    static Http.Response preflight(URI uri, String origin, String method, String headers) {
        return Http.json("OPTIONS", uri, null, "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", headers);
    }

    /** The field names of every Vary header, in lowercase as Tomcat writes them (they are case-insensitive). */
    static List<String> vary(Http.Response response) {
        return response.headers().allValues("Vary").stream()
                .flatMap(value -> List.of(value.split(",")).stream()).map(value -> value.strip().toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutReachingTheEndpoint() {
        for (String path : List.of("token", "userinfo", "revoke", "introspect", ".well-known/openid-configuration", ".well-known/jwks.json")) {
            String method = path.startsWith(".well-known") ? "GET" : "POST";

            Http.Response response = preflight(root.resolve(path), APP, method, "authorization,content-type");

            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.header("Access-Control-Allow-Origin")).as(path).contains(APP);
            assertThat(response.header("Access-Control-Allow-Methods").orElseThrow().split(",")).as(path)
                    .containsExactlyInAnyOrder("GET", "HEAD", "POST");
            assertThat(response.header("Access-Control-Allow-Headers").orElseThrow().toLowerCase().split(",")).as(path)
                    .containsExactlyInAnyOrder("authorization", "content-type");
            assertThat(response.header("Access-Control-Max-Age")).as(path).contains("600");
            assertThat(response.header("Access-Control-Allow-Credentials")).as(path).isEmpty();
            assertThat(vary(response)).as(path).contains("origin");
            // Jersey would have answered with an Allow header and a body of its own
            assertThat(response.header("Allow")).as(path).isEmpty();
            assertThat(response.body()).as(path).isEmpty();
        }
    }

    @Test
    void aPreflightFromAnotherOriginOrForAnotherHeaderIsRefused() {
        Http.Response stranger = preflight(root.resolve("token"), STRANGER, "POST", "authorization");
        Http.Response dpop = preflight(root.resolve("token"), APP, "POST", "dpop");
        Http.Response put = preflight(root.resolve("token"), APP, "PUT", "content-type");

        for (Http.Response response : List.of(stranger, dpop, put)) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void discoveryAndTheJwksAreReadableFromAnAllowedOriginAndVaryByOrigin() {
        for (String path : List.of(".well-known/openid-configuration", ".well-known/jwks.json")) {
            Http.Response response = Http.get(root.resolve(path), "Origin", APP);

            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.header("Access-Control-Allow-Origin")).as(path).contains(APP);
            assertThat(vary(response)).as(path).contains("origin");
            assertThat(response.json().isObject()).as(path).isTrue();
        }
    }

    @Test
    void aTokenResponseAndAnErrorChallengeReachTheAllowedOriginsScript() {
        Http.Response token = Http.postForm(root.resolve("token"), "grant_type=client_credentials", "Origin", APP,
                "Authorization", Http.basic(TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET));
        Http.Response userinfo = Http.get(root.resolve("userinfo"), "Origin", APP);

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.header("Access-Control-Allow-Origin")).contains(APP);
        assertThat(token.header("Cache-Control")).contains("no-store");
        assertThat(userinfo.status()).isEqualTo(401);
        assertThat(userinfo.header("Access-Control-Allow-Origin")).contains(APP);
        assertThat(userinfo.header("Access-Control-Expose-Headers").orElseThrow().split(","))
                .contains("WWW-Authenticate", "Retry-After");
        assertThat(userinfo.header("WWW-Authenticate")).isPresent();
        assertThat(userinfo.header("Cache-Control")).contains("no-store");
    }

    @Test
    void anotherOriginIsServedWithoutCorsHeadersSoItsPageCannotReadTheAnswer() {
        Http.Response discovery = Http.get(root.resolve(".well-known/openid-configuration"), "Origin", STRANGER);
        Http.Response token = Http.postForm(root.resolve("token"), "grant_type=client_credentials", "Origin", "null",
                "Authorization", Http.basic(TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET));

        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.header("Access-Control-Allow-Origin")).isEmpty();
        assertThat(vary(discovery)).contains("origin");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void requestsWithoutOriginOrFromOidsOwnOriginAreServedAsBefore() {
        Http.Response plain = Http.get(root.resolve(".well-known/openid-configuration"));
        String ownOrigin = "http://" + root.getAuthority();
        Http.Response sameOrigin = Http.postForm(root.resolve("token"), "grant_type=client_credentials", "Origin", ownOrigin,
                "Authorization", Http.basic(TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET));

        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        assertThat(sameOrigin.status()).isEqualTo(200);
        assertThat(sameOrigin.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theAdminApiIsNotCorsEnabledWithoutItsOwnSetting() {
        Http.Response preflight = preflight(root.resolve("admin/tenants"), APP, "GET", "authorization");
        Http.Response list = AdminClient.platformAdmin(root).call("GET", "admin/tenants", null);
        Http.Response listFromApp = Http.get(root.resolve("admin/tenants"), "Origin", APP,
                "Authorization", "Bearer " + AdminClient.clientCredentialsToken(root,
                        TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET));

        assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.header("Access-Control-Allow-Methods")).isEmpty();
        assertThat(list.status()).isEqualTo(200);
        assertThat(listFromApp.status()).isEqualTo(200);
        assertThat(listFromApp.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void thePagesAreTopLevelNavigationsAndNeverCorsEnabled() {
        for (String path : List.of("authorize?client_id=nobody", "logout")) {
            Http.Response response = Http.get(root.resolve(path), "Origin", APP);

            assertThat(response.header("Access-Control-Allow-Origin")).as(path).isEmpty();
            assertThat(preflight(root.resolve(path), APP, "POST", "content-type").header("Access-Control-Allow-Origin")).as(path).isEmpty();
        }
        Http.Response login = Http.post(root.resolve("login"), "username=x", "Content-Type", FORM, "Origin", APP);
        assertThat(login.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void everyResponseForbidsSniffingAndAnHttpIssuerSendsNoHsts() {
        for (String path : List.of("health", "assets/oid.css", "no-such-path", "authorize?client_id=nobody", ".well-known/jwks.json")) {
            Http.Response response = Http.get(root.resolve(path));

            assertThat(response.headers().allValues("X-Content-Type-Options")).as(path).containsExactly("nosniff");
            assertThat(response.header("Strict-Transport-Security")).as(path).isEmpty();
        }
        Http.Response refusedPreflight = preflight(root.resolve("token"), STRANGER, "POST", "authorization");
        assertThat(refusedPreflight.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    }

    @Test
    void everyTokenBearingAnswerIsNeverStored() {
        String basic = Http.basic(TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET);
        String accessToken = Http.postForm(root.resolve("token"), "grant_type=client_credentials", "Authorization", basic)
                .json().path("access_token").asText();

        List<Http.Response> responses = List.of(
                Http.postForm(root.resolve("token"), "grant_type=client_credentials", "Authorization", basic),
                Http.postForm(root.resolve("token"), "grant_type=client_credentials"),
                Http.postForm(root.resolve("introspect"), "token=" + accessToken, "Authorization", basic),
                Http.get(root.resolve("userinfo"), "Authorization", "Bearer " + accessToken),
                Http.postForm(root.resolve("revoke"), "token=" + accessToken, "Authorization", basic));

        for (Http.Response response : responses) {
            assertThat(response.header("Cache-Control")).as(response.status() + " " + response.body()).contains("no-store");
        }
    }
}
