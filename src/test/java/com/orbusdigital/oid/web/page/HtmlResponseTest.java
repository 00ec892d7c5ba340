package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every page and redirect OID sends a browser, the error pages of the catch-all mapper included, goes through HtmlResponse. */
class HtmlResponseTest {

    private static final String BASE = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

    @Test
    void pagesAndRedirectsAreNeverCachedFramedSniffedOrReferred() {
        List<Response> responses = List.of(
                HtmlResponse.page(500, "<p>Something went wrong</p>", List.of()),
                HtmlResponse.form(200, "<form></form>", Optional.of("https://app.example.com/cb"), List.of()),
                HtmlResponse.redirect(URI.create("https://app.example.com/cb?code=x"), true, List.of()));

        for (Response response : responses) {
            assertThat(response.getHeaderString("Content-Security-Policy"))
                    .startsWith("default-src 'none';").contains("frame-ancestors 'none'").doesNotContain("unsafe");
            assertThat(response.getHeaderString("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.getHeaderString("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeaderString("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    void aPageWithoutAFormAllowsNoFormAndAFormPostsToOidAndRedirectsOnlyToItsTarget() {
        assertThat(HtmlResponse.page(400, "<p>No</p>", List.of()).getHeaderString("Content-Security-Policy"))
                .isEqualTo(BASE + "; form-action 'none'");
        assertThat(HtmlResponse.form(200, "<form></form>", Optional.empty(), List.of()).getHeaderString("Content-Security-Policy"))
                .isEqualTo(BASE + "; form-action 'self'");
        assertThat(HtmlResponse.form(200, "<form></form>", Optional.of("https://app.example.com:8443/cb?x=1"), List.of())
                .getHeaderString("Content-Security-Policy")).isEqualTo(BASE + "; form-action 'self' https://app.example.com:8443");
    }

    @Test
    void aScriptedFormRunsOidsOwnScriptsOnlyAndEveryOtherPageNone() {
        Response scripted = HtmlResponse.scriptedForm(200, "<form></form>", Optional.of("https://app.example.com/cb"), List.of("a=b"));

        assertThat(scripted.getHeaderString("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'self'; connect-src 'self'; "
                + "style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self' https://app.example.com");
        assertThat(scripted.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(scripted.getHeaderString("X-Frame-Options")).isEqualTo("DENY");
        assertThat(scripted.getHeaderString("Set-Cookie")).isEqualTo("a=b");
        for (Response other : List.of(HtmlResponse.page(400, "<p>No</p>", List.of()),
                HtmlResponse.form(200, "<form></form>", Optional.of("https://app.example.com/cb"), List.of()),
                HtmlResponse.redirect(URI.create("https://app.example.com/cb"), true, List.of()))) {
            assertThat(other.getHeaderString("Content-Security-Policy")).doesNotContain("script-src").doesNotContain("connect-src");
        }
    }

    @Test
    void theRedirectTargetBecomesItsOriginOrItsSchemeWhereCspCannotNameTheHost() {
        assertThat(HtmlResponse.source("https://app.example.com/cb")).contains("https://app.example.com");
        assertThat(HtmlResponse.source("http://127.0.0.1:53123/cb")).contains("http://127.0.0.1:53123");
        assertThat(HtmlResponse.source("HTTP://LOCALHOST/cb")).contains("http://LOCALHOST");
        assertThat(HtmlResponse.source("com.example.app:/callback")).contains("com.example.app:");
        assertThat(HtmlResponse.source("http://[::1]:8080/cb")).contains("http:");
        assertThat(HtmlResponse.source("not a uri")).isEmpty();
    }
}
