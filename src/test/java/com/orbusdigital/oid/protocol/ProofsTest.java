package com.orbusdigital.oid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aPasswordAloneIsThePasswordLevelWithPwd() {
        Proofs password = Proofs.of(Factor.PASSWORD, T0);
        assertThat(password.assurance()).isEqualTo(Assurance.PASSWORD);
        assertThat(password.amr()).containsExactly("pwd");
        assertThat(password.authTime()).contains(T0);
    }

    @Test
    void aPasswordAndAOneTimeCodeAreTwoFactors() {
        Proofs proofs = Proofs.of(Factor.PASSWORD, T0).with(List.of(Factor.OTP), T0.plusSeconds(30));
        assertThat(proofs.assurance()).isEqualTo(Assurance.MULTI_FACTOR);
        assertThat(proofs.amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(proofs.authTime()).as("the last active proof").contains(T0.plusSeconds(30));
    }

    @Test
    void aVerifiedPasskeyAloneIsPhishingResistantAndNamesItsKind() {
        Proofs deviceBound = Proofs.NONE.with(Factor.ofPasskey(false, true), T0);
        assertThat(deviceBound.assurance()).isEqualTo(Assurance.PHISHING_RESISTANT);
        assertThat(deviceBound.amr()).containsExactly("hwk", "user", "mfa");
        assertThat(Proofs.NONE.with(Factor.ofPasskey(true, true), T0).amr()).containsExactly("swk", "user", "mfa");
    }

    @Test
    void aPasskeyWithoutUserVerificationIsOneFactorAloneAndPhishingResistantAfterAPassword() {
        assertThat(Proofs.NONE.with(Factor.ofPasskey(false, false), T0).assurance()).isEqualTo(Assurance.PASSWORD);
        Proofs secondFactor = Proofs.of(Factor.PASSWORD, T0).with(Factor.ofPasskey(false, false), T0);
        assertThat(secondFactor.assurance()).isEqualTo(Assurance.PHISHING_RESISTANT);
        assertThat(secondFactor.amr()).containsExactly("pwd", "hwk", "mfa");
    }

    @Test
    void aRecoveryCodeIsAOneTimePasswordOnceInAmr() {
        Proofs proofs = Proofs.of(Factor.PASSWORD, T0).with(List.of(Factor.RECOVERY_CODE, Factor.OTP), T0);
        assertThat(proofs.amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(proofs.codes()).containsExactly("password", "otp", "recovery_code");
    }

    @Test
    void encodedProofsReadBackTheSameAndUnknownOrMalformedPartsAreLeftOut() {
        Proofs proofs = Proofs.of(Factor.PASSWORD, T0).with(List.of(Factor.OTP), T0.plusMillis(1500));
        assertThat(proofs.encode()).isEqualTo("password:" + T0.getEpochSecond() + " otp:" + (T0.getEpochSecond() + 1));
        assertThat(Proofs.decode(proofs.encode())).isEqualTo(proofs);
        assertThat(Proofs.decode("password:12 smoke-signal:13 otp:x :14 otp")).isEqualTo(Proofs.of(Factor.PASSWORD, Instant.ofEpochSecond(12)));
        assertThat(Proofs.decode("")).isEqualTo(Proofs.NONE);
        assertThat(Proofs.decode(null)).isEqualTo(Proofs.NONE);
    }

    @Test
    void mergingKeepsTheLaterTimeOfAFactorBothProved() {
        Proofs earlier = Proofs.of(Factor.PASSWORD, T0);
        Proofs later = Proofs.of(Factor.PASSWORD, T0.plusSeconds(60)).with(List.of(Factor.OTP), T0.plusSeconds(61));
        assertThat(earlier.with(later).proved()).containsEntry(Factor.PASSWORD, T0.plusSeconds(60)).containsEntry(Factor.OTP, T0.plusSeconds(61));
        assertThat(later.with(earlier)).isEqualTo(earlier.with(later));
    }
}
