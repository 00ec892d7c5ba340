package com.orbusdigital.oid.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 17, item 3: when an email verification's link is live, at a fixed time. */
class VerificationLinkTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private static final UUID TENANT = UUID.fromString("0b6c0000-0000-4000-8000-000000000001");
    private static final UUID USER = UUID.fromString("0b6c0000-0000-4000-8000-000000000002");

    /** A link made now for a change from ada@ to ada.new@, the user's address still the old one. */
    private static VerificationLink change(Optional<Instant> usedAt, Optional<String> currentEmail, boolean usable) {
        return new VerificationLink(TENANT, USER, VerificationLink.Purpose.CHANGE, "ada.new@example.com", "ada@example.com",
                CLOCK.instant().plus(VerificationLink.VALID), usedAt, currentEmail, usable);
    }

    @Test
    void aLinkWorksUntilItExpiresAndNotAtItsExpiry() {
        VerificationLink link = change(Optional.empty(), Optional.of("ada@example.com"), true);
        assertThat(VerificationLink.VALID.toHours()).isEqualTo(24);
        assertThat(link.liveAt(CLOCK.instant())).isTrue();
        assertThat(link.liveAt(CLOCK.instant().plus(VerificationLink.VALID).minusMillis(1))).isTrue();
        assertThat(link.liveAt(CLOCK.instant().plus(VerificationLink.VALID))).as("expired at its expiry").isFalse();
        assertThat(link.liveAt(CLOCK.instant().plus(VerificationLink.VALID).plusSeconds(1))).isFalse();
    }

    @Test
    void aUsedLinkIsDead() {
        assertThat(change(Optional.of(CLOCK.instant()), Optional.of("ada@example.com"), true).liveAt(CLOCK.instant())).isFalse();
    }

    @Test
    void aLinkIsBoundToTheAddressTheUserHadWhenItWasMade() {
        assertThat(change(Optional.empty(), Optional.of("ADA@Example.com"), true).liveAt(CLOCK.instant()))
                .as("compared as the unique index compares: without case").isTrue();
        assertThat(change(Optional.empty(), Optional.of("eve@example.com"), true).liveAt(CLOCK.instant()))
                .as("the address changed since, by any route").isFalse();
        assertThat(change(Optional.empty(), Optional.empty(), true).liveAt(CLOCK.instant())).as("the address removed").isFalse();
        VerificationLink noAddressThen = new VerificationLink(TENANT, USER, VerificationLink.Purpose.CHANGE, "ada@example.com", "",
                CLOCK.instant().plus(VerificationLink.VALID), Optional.empty(), Optional.empty(), true);
        assertThat(noAddressThen.liveAt(CLOCK.instant())).as("made when the user had none, and still has none").isTrue();
        VerificationLink oneSetSince = new VerificationLink(TENANT, USER, VerificationLink.Purpose.CHANGE, "ada@example.com", "",
                CLOCK.instant().plus(VerificationLink.VALID), Optional.empty(), Optional.of("someone@example.com"), true);
        assertThat(oneSetSince.liveAt(CLOCK.instant())).isFalse();
    }

    @Test
    void aDisabledUserOrTenantKillsTheLink() {
        assertThat(change(Optional.empty(), Optional.of("ada@example.com"), false).liveAt(CLOCK.instant())).isFalse();
    }

    @Test
    void theNoticeToThePreviousAddressMasksTheNewOne() {
        assertThat(EmailVerification.masked("nora@example.com")).isEqualTo("n***@example.com");
        assertThat(EmailVerification.masked("n@example.com")).isEqualTo("n***@example.com");
        assertThat(EmailVerification.masked("not-an-address")).isEqualTo("***");
        assertThat(change(Optional.empty(), Optional.of("ada@example.com"), true).toString()).doesNotContain("@");
    }
}
