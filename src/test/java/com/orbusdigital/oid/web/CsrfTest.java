package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.Issuer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsrfTest {

    private final BrowserCookies cookies = new BrowserCookies(new Issuer("https://id.example.com"));

    @Test
    void aFormGetsAFreshTokenAndItsCookieOnlyWhenTheBrowserHasNone() {
        Csrf.Token fresh = Csrf.forForm(Optional.empty(), cookies);
        assertThat(fresh.value()).hasSize(43);
        assertThat(fresh.setCookies()).containsExactly(cookies.csrf(fresh.value()));

        Csrf.Token kept = Csrf.forForm(Optional.of(fresh.value()), cookies);
        assertThat(kept.value()).isEqualTo(fresh.value());
        assertThat(kept.setCookies()).isEmpty();

        assertThat(Csrf.forForm(Optional.of("planted-by-someone"), cookies).value()).isNotEqualTo("planted-by-someone");
    }

    @Test
    void onlyTheSameWellFormedValueInFieldAndCookieMatches() {
        String token = Csrf.forForm(Optional.empty(), cookies).value();
        assertThat(Csrf.matches(Optional.of(token), Optional.of(token))).isTrue();
        assertThat(Csrf.matches(Optional.of(token), Optional.empty())).isFalse();
        assertThat(Csrf.matches(Optional.empty(), Optional.of(token))).isFalse();
        assertThat(Csrf.matches(Optional.of(token), Optional.of(Csrf.forForm(Optional.empty(), cookies).value()))).isFalse();
        assertThat(Csrf.matches(Optional.of("x"), Optional.of("x"))).isFalse();
    }
}
