package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every page and redirect OID sends a browser, the error pages of the catch-all mapper included, goes through HtmlResponse. */
class HtmlResponseTest {

    @Test
    void pagesAndRedirectsAreNeverCachedFramedSniffedOrReferred() {
        List<Response> responses = List.of(
                HtmlResponse.page(500, "<p>Something went wrong</p>", List.of()),
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
}
