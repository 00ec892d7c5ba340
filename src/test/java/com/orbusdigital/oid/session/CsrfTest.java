package com.orbusdigital.oid.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.Unavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsrfTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final Duration LIFETIME = Duration.ofHours(10);
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final List<Optional<String>> REQUEST = List.of(Optional.of("spa"), Optional.of("https://app.example/cb"),
            Optional.of("state-1"), Optional.empty(), Optional.of("challenge"));

    private final BrowserCookies cookies = new BrowserCookies(new Issuer("https://id.example.com"));
    private final Csrf csrf = at(NOW);

    private Csrf at(Instant now) {
        return new Csrf(KEY, Clock.fixed(now, ZoneOffset.UTC), LIFETIME, cookies);
    }

    private static String cookieOf(Csrf.Token token) {
        String setCookie = token.setCookies().get(0);
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    @Test
    void aFormGetsAFreshCookieOnlyWhenTheBrowserHasNoneFitToUse() {
        Csrf.Token fresh = csrf.forForm(Csrf.Purpose.LOGIN, Optional.empty(), REQUEST);
        String cookie = cookieOf(fresh);
        assertThat(cookie).hasSize(43);
        assertThat(fresh.setCookies()).containsExactly(cookies.csrf(cookie));
        assertThat(fresh.value()).isNotEqualTo(cookie).startsWith(NOW.getEpochSecond() + ".");

        Csrf.Token kept = csrf.forForm(Csrf.Purpose.LOGIN, Optional.of(cookie), REQUEST);
        assertThat(kept.setCookies()).isEmpty();
        assertThat(kept.value()).isEqualTo(fresh.value());

        assertThat(csrf.forForm(Csrf.Purpose.LOGIN, Optional.of("planted-by-someone"), REQUEST).setCookies()).hasSize(1);
    }

    @Test
    void aFieldPassesOnlyWithItsCookieItsPurposeAndWhatItIsBoundTo() {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.LOGIN, Optional.empty(), REQUEST);
        String cookie = cookieOf(token);
        Optional<String> field = Optional.of(token.value());

        assertThat(csrf.matches(Csrf.Purpose.LOGIN, field, Optional.of(cookie), REQUEST)).isTrue();
        assertThat(csrf.matches(Csrf.Purpose.LOGIN, field, Optional.empty(), REQUEST)).isFalse();
        assertThat(csrf.matches(Csrf.Purpose.LOGIN, Optional.empty(), Optional.of(cookie), REQUEST)).isFalse();
        assertThat(csrf.matches(Csrf.Purpose.LOGOUT, field, Optional.of(cookie), REQUEST)).isFalse();
        String otherCookie = cookieOf(csrf.forForm(Csrf.Purpose.LOGIN, Optional.empty(), REQUEST));
        assertThat(csrf.matches(Csrf.Purpose.LOGIN, field, Optional.of(otherCookie), REQUEST)).isFalse();
        // the double-submit of old: the cookie's own value as the field
        assertThat(csrf.matches(Csrf.Purpose.LOGIN, Optional.of(cookie), Optional.of(cookie), REQUEST)).isFalse();
        for (int i = 0; i < REQUEST.size(); i++) {
            List<Optional<String>> other = new java.util.ArrayList<>(REQUEST);
            other.set(i, Optional.of("other"));
            assertThat(csrf.matches(Csrf.Purpose.LOGIN, field, Optional.of(cookie), other)).as("part %d changed", i).isFalse();
        }
        // absent is not empty, and parts cannot be shifted from one into the next
        List<Optional<String>> shifted = List.of(Optional.of("spa"), Optional.of("https://app.example/cb"),
                Optional.of("state-1"), Optional.of(""), Optional.of("challenge"));
        assertThat(csrf.matches(Csrf.Purpose.LOGIN, field, Optional.of(cookie), shifted)).isFalse();
        // another server's key
        Csrf elsewhere = new Csrf("another key, another deployment!".getBytes(), Clock.fixed(NOW, ZoneOffset.UTC), LIFETIME, cookies);
        assertThat(elsewhere.matches(Csrf.Purpose.LOGIN, field, Optional.of(cookie), REQUEST)).isFalse();
    }

    @Test
    void aFieldLivesAsLongAsASessionMayAndIsNeverFromTheFuture() {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.LOGOUT, Optional.empty(), List.of(Optional.of(Csrf.digest("session cookie"))));
        Optional<String> field = Optional.of(token.value());
        Optional<String> cookie = Optional.of(cookieOf(token));
        List<Optional<String>> session = List.of(Optional.of(Csrf.digest("session cookie")));

        assertThat(at(NOW.plus(LIFETIME)).matches(Csrf.Purpose.LOGOUT, field, cookie, session)).isTrue();
        assertThat(at(NOW.plus(LIFETIME).plusSeconds(1)).matches(Csrf.Purpose.LOGOUT, field, cookie, session)).isFalse();
        assertThat(at(NOW.minus(Csrf.CLOCK_SKEW)).matches(Csrf.Purpose.LOGOUT, field, cookie, session)).isTrue();
        assertThat(at(NOW.minus(Csrf.CLOCK_SKEW).minusSeconds(1)).matches(Csrf.Purpose.LOGOUT, field, cookie, session)).isFalse();
        assertThat(csrf.matches(Csrf.Purpose.LOGOUT, field, cookie, List.of(Optional.of(Csrf.digest("another session"))))).isFalse();
        // the issue time is part of the MAC: moving it forward breaks the field
        String moved = (NOW.getEpochSecond() + 3600) + token.value().substring(token.value().indexOf('.'));
        assertThat(at(NOW.plusSeconds(3600)).matches(Csrf.Purpose.LOGOUT, Optional.of(moved), cookie, session)).isFalse();
    }

    @Test
    void malformedFieldsAreRefusedAndNoFormIsMadeBeforeTheKeyIsLoaded() {
        Optional<String> cookie = Optional.of(cookieOf(csrf.forForm(Csrf.Purpose.LOGIN, Optional.empty(), REQUEST)));
        for (String field : List.of("", "x", "A".repeat(43), "1." + "A".repeat(43) + ".", "-1." + "A".repeat(43), "99999999999999." + "A".repeat(43))) {
            assertThat(csrf.matches(Csrf.Purpose.LOGIN, Optional.of(field), cookie, REQUEST)).as(field).isFalse();
        }
        Csrf unloaded = new Csrf(null, Clock.fixed(NOW, ZoneOffset.UTC), LIFETIME, cookies);
        assertThatThrownBy(() -> unloaded.forForm(Csrf.Purpose.LOGIN, cookie, REQUEST)).isInstanceOf(Unavailable.class);
    }
}
