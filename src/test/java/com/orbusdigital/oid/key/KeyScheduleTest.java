package com.orbusdigital.oid.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The promise, as a timeline: a relying party that refetches the JWKS only when its
 * 300-second cache expires verifies every token, minute by minute, through scheduled and requested
 * rotations — it never meets an unknown kid, and no key leaves the JWKS while a token it signed lives.
 */
class KeyScheduleTest {

    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final KeySchedule SCHEDULE = KeySchedule.of(Duration.ofDays(2), TOKEN_LIFETIME);

    /** The signing_keys table, as SigningKeys writes it with the schedule. */
    private final List<SigningKey> table = new ArrayList<>();
    private int generated;

    private List<SigningKey> published(Instant now) {
        return table.stream()
                .filter(key -> !key.publishedAt().isAfter(now) && key.expiresAt().map(now::isBefore).orElse(true))
                .sorted(Comparator.comparing(SigningKey::activeFrom).reversed())
                .toList();
    }

    /** What SigningKeys.rotate does. */
    private void rotate(Instant now) {
        Instant activeFrom = SCHEDULE.successorActiveFrom(now);
        KeySchedule.signing(published(now), now).ifPresent(key -> key.retire(activeFrom, SCHEDULE.publishedUntil(activeFrom)));
        table.add(new SigningKey("k" + ++generated, "RS256", "{}", new byte[0], "none", now, activeFrom));
    }

    private static Set<String> kids(List<SigningKey> keys) {
        Set<String> kids = new HashSet<>();
        keys.forEach(key -> kids.add(key.kid()));
        return kids;
    }

    @Test
    void aCachingRelyingPartyVerifiesEveryTokenThroughScheduledAndRequestedRotations() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        table.add(new SigningKey("k" + ++generated, "RS256", "{}", new byte[0], "none", start, start));
        Set<String> cachedJwks = kids(published(start));
        Instant cachedAt = start;
        record Token(String kid, Instant expiresAt) {}
        List<Token> live = new ArrayList<>();
        Set<String> signers = new HashSet<>();

        for (Instant now = start; now.isBefore(start.plus(Duration.ofDays(6))); now = now.plus(Duration.ofMinutes(1))) {
            if (SCHEDULE.due(published(now), now)) {
                rotate(now);
            }
            if (now.equals(start.plus(Duration.ofDays(3)))) {
                rotate(now); // an administrator asks for one in between
            }
            if (!now.isBefore(cachedAt.plus(KeySchedule.JWKS_CACHE))) {
                cachedJwks = kids(published(now));
                cachedAt = now;
            }
            List<SigningKey> keys = published(now);
            String kid = KeySchedule.signing(keys, now).orElseThrow().kid();
            signers.add(kid);
            Instant at = now;
            live.removeIf(token -> !token.expiresAt().isAfter(at));
            live.add(new Token(kid, now.plus(TOKEN_LIFETIME)));

            assertThat(cachedJwks).as("the relying party's cached JWKS at %s", now).contains(kid);
            for (Token token : live) {
                assertThat(kids(keys)).as("the JWKS at %s still has the key of a live token", now).contains(token.kid());
            }
        }
        // the first key; day 2 scheduled; day 3 requested; day 5 scheduled (two days after the last): three rotations
        assertThat(signers).containsExactlyInAnyOrder("k1", "k2", "k3", "k4");
        assertThat(published(start.plus(Duration.ofDays(6)))).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aRotationIsDueOnePublicationLeadBeforeThePeriodEndsAndNotWhileOneIsUnderWay() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        table.add(new SigningKey("k" + ++generated, "RS256", "{}", new byte[0], "none", start, start));
        Instant dueAt = start.plus(Duration.ofDays(2)).minus(SCHEDULE.lead());

        assertThat(SCHEDULE.due(published(dueAt.minusSeconds(1)), dueAt.minusSeconds(1))).isFalse();
        assertThat(SCHEDULE.due(published(dueAt), dueAt)).isTrue();
        rotate(dueAt);
        assertThat(KeySchedule.pending(published(dueAt), dueAt)).isPresent();
        assertThat(SCHEDULE.due(published(dueAt.plusSeconds(1)), dueAt.plusSeconds(1))).isFalse();
        assertThat(KeySchedule.signing(published(dueAt.plus(SCHEDULE.lead())), dueAt.plus(SCHEDULE.lead())).orElseThrow().kid())
                .isEqualTo("k2");
    }
}
