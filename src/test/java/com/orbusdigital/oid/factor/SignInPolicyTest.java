package com.orbusdigital.oid.factor;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.tenant.MfaPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignInPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Proofs PASSWORD = Proofs.of(Factor.PASSWORD, NOW);
    private static final Proofs PASSWORD_AND_OTP = PASSWORD.with(List.of(Factor.OTP), NOW);
    private static final Enrolled OTP_ONLY = new Enrolled(true, 0, 0);
    private static final Enrolled EVERYTHING = new Enrolled(true, 1, 10);

    private static SignInStep next(MfaPolicy tenant, Assurance client, Optional<Assurance> requested, Enrolled enrolled, Proofs proofs) {
        return SignInPolicy.next(tenant, client, requested, enrolled, proofs);
    }

    @Test
    void settledProofsCompleteEverySignInWhateverTheUserHasSetUp() {
        Proofs passkey = Proofs.NONE.with(List.of(Factor.PASSKEY, Factor.USER_VERIFICATION), NOW);
        Proofs passwordAndSyncedPasskey = PASSWORD.with(List.of(Factor.SYNCED_PASSKEY), NOW);
        for (Proofs proofs : List.of(passkey, passwordAndSyncedPasskey)) {
            assertThat(SignInPolicy.settled(proofs)).isTrue();
            for (MfaPolicy tenant : MfaPolicy.values()) {
                for (Assurance client : Assurance.values()) {
                    for (Enrolled enrolled : List.of(Enrolled.NOTHING, OTP_ONLY, EVERYTHING)) {
                        assertThat(next(tenant, client, Optional.of(Assurance.PHISHING_RESISTANT), enrolled, proofs))
                                .isEqualTo(new SignInStep.Done(Assurance.PHISHING_RESISTANT));
                        assertThat(next(tenant, client, Optional.empty(), enrolled, proofs))
                                .isEqualTo(new SignInStep.Done(Assurance.PHISHING_RESISTANT));
                    }
                }
            }
        }
        assertThat(SignInPolicy.settled(Proofs.NONE)).isFalse();
        assertThat(SignInPolicy.settled(PASSWORD)).isFalse();
        assertThat(SignInPolicy.settled(PASSWORD_AND_OTP)).isFalse();
    }

    @Test
    void aPasswordIsEnoughForAUserWithoutASecondFactorWhenNothingAsksForMore() {
        assertThat(next(MfaPolicy.OPTIONAL, Assurance.PASSWORD, Optional.empty(), Enrolled.NOTHING, PASSWORD))
                .isEqualTo(new SignInStep.Done(Assurance.PASSWORD));
    }

    @Test
    void aUserWhoSetUpASecondFactorIsAskedForItUnlessTheTenantTurnedThemOff() {
        assertThat(next(MfaPolicy.OPTIONAL, Assurance.PASSWORD, Optional.empty(), EVERYTHING, PASSWORD))
                .isEqualTo(new SignInStep.ProveAnother(Assurance.MULTI_FACTOR, Set.of(Method.PASSKEY, Method.OTP, Method.RECOVERY_CODE)));
        assertThat(next(MfaPolicy.OFF, Assurance.PASSWORD, Optional.empty(), EVERYTHING, PASSWORD))
                .isEqualTo(new SignInStep.Done(Assurance.PASSWORD));
    }

    @Test
    void aRequiredPolicyMakesAUserWithoutAFactorSetOneUp() {
        assertThat(next(MfaPolicy.REQUIRED, Assurance.PASSWORD, Optional.empty(), Enrolled.NOTHING, PASSWORD))
                .isEqualTo(new SignInStep.Enrol(Assurance.MULTI_FACTOR, Set.of(Method.PASSKEY, Method.OTP)));
    }

    @Test
    void recoveryCodesAloneStillOfferAWayInButAreNotASecondFactorToAskFor() {
        Enrolled codesOnly = new Enrolled(false, 0, 3);
        assertThat(next(MfaPolicy.OPTIONAL, Assurance.PASSWORD, Optional.empty(), codesOnly, PASSWORD)).isInstanceOf(SignInStep.Done.class);
        assertThat(next(MfaPolicy.REQUIRED, Assurance.PASSWORD, Optional.empty(), codesOnly, PASSWORD))
                .isEqualTo(new SignInStep.ProveAnother(Assurance.MULTI_FACTOR, Set.of(Method.RECOVERY_CODE)));
    }

    @Test
    void theStrongestOfTenantClientAndRequestIsNeeded() {
        assertThat(SignInPolicy.needed(MfaPolicy.OFF, Assurance.MULTI_FACTOR, Optional.empty(), Enrolled.NOTHING)).isEqualTo(Assurance.MULTI_FACTOR);
        assertThat(SignInPolicy.needed(MfaPolicy.OFF, Assurance.PASSWORD, Optional.of(Assurance.PHISHING_RESISTANT), Enrolled.NOTHING))
                .isEqualTo(Assurance.PHISHING_RESISTANT);
        assertThat(SignInPolicy.needed(MfaPolicy.REQUIRED, Assurance.PASSWORD, Optional.of(Assurance.PASSWORD), Enrolled.NOTHING))
                .isEqualTo(Assurance.MULTI_FACTOR);
    }

    @Test
    void aPasskeyIsTheOnlyWayToAPhishingResistantLevel() {
        assertThat(next(MfaPolicy.OPTIONAL, Assurance.PHISHING_RESISTANT, Optional.empty(), EVERYTHING, PASSWORD_AND_OTP))
                .isEqualTo(new SignInStep.ProveAnother(Assurance.PHISHING_RESISTANT, Set.of(Method.PASSKEY)));
        assertThat(next(MfaPolicy.OPTIONAL, Assurance.PHISHING_RESISTANT, Optional.empty(), OTP_ONLY, PASSWORD_AND_OTP))
                .isEqualTo(new SignInStep.Enrol(Assurance.PHISHING_RESISTANT, Set.of(Method.PASSKEY)));
    }

    @Test
    void aSessionThatProvedTwoFactorsNeedsNothingMoreForATwoFactorRequest() {
        assertThat(next(MfaPolicy.OPTIONAL, Assurance.PASSWORD, Optional.of(Assurance.MULTI_FACTOR), OTP_ONLY, PASSWORD_AND_OTP))
                .isEqualTo(new SignInStep.Done(Assurance.MULTI_FACTOR));
        assertThat(next(MfaPolicy.OPTIONAL, Assurance.PASSWORD, Optional.of(Assurance.MULTI_FACTOR), OTP_ONLY, PASSWORD))
                .isEqualTo(new SignInStep.ProveAnother(Assurance.MULTI_FACTOR, Set.of(Method.OTP)));
    }

    @Test
    void aPasswordAloneNeverSetsUpAFactorForAUserWhoHasOne() {
        // a passkey is needed, the user has only an authenticator app: they prove it before creating the passkey
        assertThat(next(MfaPolicy.OFF, Assurance.PHISHING_RESISTANT, Optional.empty(), OTP_ONLY, PASSWORD))
                .isEqualTo(new SignInStep.ProveAnother(Assurance.PHISHING_RESISTANT, Set.of(Method.OTP)));
        assertThat(next(MfaPolicy.OFF, Assurance.PHISHING_RESISTANT, Optional.empty(), new Enrolled(false, 0, 4), PASSWORD))
                .isEqualTo(new SignInStep.ProveAnother(Assurance.PHISHING_RESISTANT, Set.of(Method.RECOVERY_CODE)));
        // a user with nothing but a password sets the passkey up after it
        assertThat(next(MfaPolicy.OFF, Assurance.PHISHING_RESISTANT, Optional.empty(), Enrolled.NOTHING, PASSWORD))
                .isEqualTo(new SignInStep.Enrol(Assurance.PHISHING_RESISTANT, Set.of(Method.PASSKEY)));
    }

    @Test
    void nothingProvedIsNeverDone() {
        assertThat(next(MfaPolicy.OFF, Assurance.PASSWORD, Optional.empty(), Enrolled.NOTHING, Proofs.NONE))
                .isNotInstanceOf(SignInStep.Done.class);
    }
}
