package com.orbusdigital.oid.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 17, self sign-up: which domains a tenant may list, as they are stored, and what an address's domain matches. */
class SignUpDomainsTest {

    @Test
    void domainsAreKeptLowerCaseOnceEachInTheOrderGiven() {
        assertThat(SignUpDomains.parse(List.of(" Example.COM ", "eu.example.com", "example.com", "xn--bcher-kva.example")))
                .contains(List.of("example.com", "eu.example.com", "xn--bcher-kva.example"));
        assertThat(SignUpDomains.parse(List.of())).contains(List.of());
    }

    @Test
    void whatIsNotADomainNameOfTwoLabelsOrMoreIsRefused() {
        for (String bad : List.of("localhost", "example..com", ".example.com", "example.com.", "-a.example", "a-.example", "ex ample.com",
                "bücher.example", "@example.com", "ada@example.com", "example.com/x", "*.example.com", "127.0.0.1]", "[::1]",
                "a".repeat(64) + ".example", ("a".repeat(60) + ".").repeat(5) + "com")) {
            assertThat(SignUpDomains.parse(List.of("example.org", bad))).as(bad).isEqualTo(Optional.empty());
        }
        assertThat(SignUpDomains.parse(Collections.nCopies(SignUpDomains.MAX + 1, "example.com"))).isEmpty();
        assertThat(SignUpDomains.parse(Collections.nCopies(SignUpDomains.MAX, "example.com"))).contains(List.of("example.com"));
    }

    @Test
    void anAddressMatchesItsDomainExactlyAndAnyDomainWhenNoneIsListed() {
        List<String> listed = List.of("example.com", "xn--bcher-kva.example");
        assertThat(SignUpDomains.allows(listed, "example.com")).isTrue();
        assertThat(SignUpDomains.allows(listed, "xn--bcher-kva.example")).isTrue();
        assertThat(SignUpDomains.allows(listed, "eu.example.com")).as("a subdomain is not listed by its parent").isFalse();
        assertThat(SignUpDomains.allows(listed, "example.com.evil.example")).isFalse();
        assertThat(SignUpDomains.allows(listed, "notexample.com")).isFalse();
        assertThat(SignUpDomains.allows(List.of(), "anything.example")).isTrue();
    }
}
