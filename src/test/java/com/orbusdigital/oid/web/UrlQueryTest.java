package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrlQueryTest {

    @Test
    void parametersFollowTheBasesOwnQueryEachValueEncodedOnce() {
        assertThat(UrlQuery.on("https://app.example/cb?tenant=a%20b").add("code", "c/d+e").add("state", "x y&z=%").toString())
                .isEqualTo("https://app.example/cb?tenant=a%20b&code=c%2Fd%2Be&state=x%20y%26z%3D%25");
        assertThat(UrlQuery.on("https://app.example/cb").add("error", "invalid_request").toUri().getRawQuery())
                .isEqualTo("error=invalid_request");
    }

    @Test
    void anAbsentOptionalAddsNothing() {
        assertThat(UrlQuery.on("https://app.example/bye").add("state", Optional.empty()).toString()).isEqualTo("https://app.example/bye");
        assertThat(UrlQuery.on("logout").add("state", Optional.of("s")).toString()).isEqualTo("logout?state=s");
    }

    @Test
    void spacesAreEncodedAsPercent20AndUnicodeAsUtf8() {
        assertThat(UrlQuery.encode("é ü+")).isEqualTo("%C3%A9%20%C3%BC%2B");
    }

    @Test
    void anExcerptKeepsFortyCharacters() {
        assertThat(Excerpt.of("a".repeat(40))).isEqualTo("a".repeat(40));
        assertThat(Excerpt.of("b".repeat(41))).isEqualTo("b".repeat(40) + "…");
    }
}
