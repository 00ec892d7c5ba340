package com.orbusdigital.oid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssuranceTest {

    @Test
    void levelsAreOrderedAndEachSatisfiesTheWeakerOnes() {
        assertThat(Assurance.SUPPORTED).containsExactly("pwd", "mfa", "phr");
        assertThat(Assurance.PHISHING_RESISTANT.satisfies(Assurance.MULTI_FACTOR)).isTrue();
        assertThat(Assurance.MULTI_FACTOR.satisfies(Assurance.PHISHING_RESISTANT)).isFalse();
        assertThat(Assurance.PASSWORD.satisfies(Assurance.PASSWORD)).isTrue();
    }

    @Test
    void aRequestAsksForTheWeakestKnownValueItNamesAndUnknownValuesAreIgnored() {
        assertThat(Assurance.requested(List.of("phr", "mfa"))).contains(Assurance.MULTI_FACTOR);
        assertThat(Assurance.requested(List.of("urn:example:gold", "phr"))).contains(Assurance.PHISHING_RESISTANT);
        assertThat(Assurance.requested(List.of("1", "2"))).isEmpty();
        assertThat(Assurance.requested(List.of())).isEmpty();
    }

    @Test
    void theAcrIssuedIsTheFirstPreferredValueTheSignInMeetsElseItsOwnLevel() {
        assertThat(Assurance.acrFor(Assurance.PHISHING_RESISTANT, List.of("mfa", "phr"))).isEqualTo("mfa");
        assertThat(Assurance.acrFor(Assurance.MULTI_FACTOR, List.of("phr", "mfa"))).isEqualTo("mfa");
        assertThat(Assurance.acrFor(Assurance.PASSWORD, List.of("phr"))).isEqualTo("pwd");
        assertThat(Assurance.acrFor(Assurance.MULTI_FACTOR, List.of("1", "2"))).isEqualTo("mfa");
    }
}
