package com.orbusdigital.oid.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the demo's callback answers before it asks OID anything. */
class DemoCallbackTest {

    /** An issuer nothing listens at: these answers must not need one. */
    private static final DemoCallback.Client CLIENT = new DemoCallback.Client("http://127.0.0.1:9", "demo-app",
            "http://localhost:8976/callback", "local", "verifier", "http://127.0.0.1:9/authorize?client_id=demo-app&state=local");

    @Test
    void anErrorFromOidIsShownEscapedWithAWayToSignInAgain() {
        String page = DemoCallback.answer(CLIENT, Map.of("error", "access_denied", "error_description", "<script>x</script>",
                "state", "local"));

        assertThat(page).contains("<h1>Sign-in refused</h1>", "<code>access_denied</code>", "&lt;script&gt;x&lt;/script&gt;",
                "href=\"http://127.0.0.1:9/authorize?client_id=demo-app&amp;state=local\">Sign in again</a>")
                .doesNotContain("<script>");
    }

    @Test
    void anAnswerToAnotherRequestIsNotExchanged() {
        for (Map<String, String> query : java.util.List.of(
                Map.of("code", "c", "state", "forged", "iss", "http://127.0.0.1:9"),
                Map.of("code", "c", "state", "local", "iss", "https://elsewhere.example"),
                Map.of("state", "local", "iss", "http://127.0.0.1:9"))) {
            assertThat(DemoCallback.answer(CLIENT, query)).as(query.toString()).contains("<h1>Not the demo&#39;s answer</h1>");
        }
    }

    @Test
    void aTokensClaimsAreItsDecodedPayload() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"42\",\"scope\":\"openid\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2ln";

        assertThat(DemoCallback.claims(jwt).path("sub").asText()).isEqualTo("42");
        assertThat(DemoCallback.claims("opaque").path("error").asText()).isEqualTo("not a JWT");
    }
}
