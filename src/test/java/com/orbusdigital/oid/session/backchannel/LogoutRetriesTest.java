package com.orbusdigital.oid.session.backchannel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogoutRetriesTest {

    @Test
    void aFailedLogoutIsTriedAgainAfterAPauseThatDoublesFromFiveSecondsToHalfAnHour() {
        assertThat(LogoutRetries.after(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(LogoutRetries.after(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(LogoutRetries.after(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(LogoutRetries.after(9)).isEqualTo(Duration.ofSeconds(1280));
        assertThat(LogoutRetries.after(10)).isEqualTo(Duration.ofMinutes(30));
        assertThat(LogoutRetries.after(1000)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aLogoutIsGivenUpOnceADayOldAndNotBefore() {
        assertThat(LogoutRetries.givesUp(Duration.ZERO)).isFalse();
        assertThat(LogoutRetries.givesUp(Duration.ofHours(24).minusSeconds(1))).isFalse();
        assertThat(LogoutRetries.givesUp(Duration.ofHours(24))).isTrue();
    }

    @Test
    void anApplicationThatStaysDownIsTriedAFewDozenTimesInAll() {
        Duration age = Duration.ZERO;
        int attempts = 0;
        do {
            attempts++;
            age = age.plus(LogoutRetries.after(attempts));
        } while (!LogoutRetries.givesUp(age));
        assertThat(attempts).isBetween(50, 60);
    }
}
