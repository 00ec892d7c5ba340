package com.orbusdigital.oid.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUrisTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1.evil.example/cb", "http://127.evil.example/cb", "http://127.0.0.1evil.example/cb",
            "http://localhost.evil.example/cb", "http://127.0.0.1.nip.io/cb", "http://127.1/cb", "http://127.0.0.01/cb",
            "http://127.0.0.256/cb", "http://128.0.0.1/cb", "http://0x7f.0.0.1/cb", "http://[::2]/cb", "http://app.localhost/cb"})
    void plainHttpToAHostThatOnlyLooksLikeLoopbackIsRefused(String uri) {
        for (ClientType type : ClientType.values()) {
            assertThat(RedirectUris.problem(uri, type)).as(uri).contains("must use https (http is allowed only on a loopback host)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/cb", "http://127.0.0.1/cb", "http://127.255.10.1/cb", "http://[::1]/cb",
            "http://[::1]:9000/cb", "http://localhost/cb", "http://LocalHost:3000/cb"})
    void plainHttpToALoopbackAddressOrExactlyLocalhostIsAccepted(String uri) {
        for (ClientType type : ClientType.values()) {
            assertThat(RedirectUris.problem(uri, type)).as(uri).isEmpty();
        }
    }

    @Test
    void aRegisteredLoopbackIpLiteralMatchesAnyPortButNothingElseDifferent() {
        String registered = "http://127.0.0.1/cb";

        assertThat(RedirectUris.matches(registered, "http://127.0.0.1:53123/cb")).isTrue();
        assertThat(RedirectUris.matches(registered, "http://127.0.0.1/cb")).isTrue();
        assertThat(RedirectUris.matches("http://127.0.0.1:8080/cb?x=1", "http://127.0.0.1:53123/cb?x=1")).isTrue();
        assertThat(RedirectUris.matches("http://[::1]:8080/cb", "http://[::1]:4000/cb")).isTrue();
        for (String other : List.of("http://127.0.0.1:53123/other", "http://127.0.0.2:53123/cb", "http://127.0.0.1:53123/cb/",
                "https://127.0.0.1:53123/cb", "http://127.0.0.1:53123/cb?x=1", "http://127.0.0.1:53123/cb#f",
                "http://u@127.0.0.1:53123/cb", "http://127.0.0.1:99999/cb", "http://127.0.0.1.evil.example:53123/cb",
                "http://127.0.0.1:0/cb", "HTTP://127.0.0.1:53123/cb", "http://127.0.0.1:53123/CB", "not a uri")) {
            assertThat(RedirectUris.matches(registered, other)).as(other).isFalse();
        }
    }

    @Test
    void otherRedirectUrisMatchOnlyExactlyEvenLocalhost() {
        assertThat(RedirectUris.matches("http://localhost/cb", "http://localhost:53123/cb")).isFalse();
        assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example:8443/cb")).isFalse();
        assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example/cb")).isTrue();
        assertThat(RedirectUris.matches("com.example.app:/cb", "com.example.app:/cb")).isTrue();
    }

    @Test
    void aRegistrationTheRulesNowRefuseMatchesNothing() {
        assertThat(RedirectUris.allows(List.of("http://127.0.0.1.evil.example/cb"), "http://127.0.0.1.evil.example/cb", ClientType.PUBLIC))
                .isFalse();
        assertThat(RedirectUris.allows(List.of("http://127.0.0.1.evil.example/cb", "http://127.0.0.1/cb"), "http://127.0.0.1:4000/cb",
                ClientType.PUBLIC)).isTrue();
        assertThat(RedirectUris.allows(List.of("com.example.app:/cb"), "com.example.app:/cb", ClientType.CONFIDENTIAL)).isFalse();
    }
}
