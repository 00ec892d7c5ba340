package com.orbusdigital.oid.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.protocol.Proofs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamAmrTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    @Test
    void mfaOrAPossessionFactorBesideAnotherMethodProvesMfa() {
        assertThat(UpstreamAmr.provesMfa(List.of("pwd", "mfa"))).isTrue();
        assertThat(UpstreamAmr.provesMfa(List.of("mfa"))).isTrue();
        assertThat(UpstreamAmr.provesMfa(List.of("pwd", "otp"))).isTrue();
        assertThat(UpstreamAmr.provesMfa(List.of("hwk", "user"))).isTrue();
    }

    @Test
    void oneMethodAloneDoesNot() {
        assertThat(UpstreamAmr.provesMfa(List.of("pwd"))).isFalse();
        assertThat(UpstreamAmr.provesMfa(List.of("otp"))).isFalse();
        assertThat(UpstreamAmr.provesMfa(List.of("otp", "otp"))).isFalse();
        assertThat(UpstreamAmr.provesMfa(List.of("pwd", "kba"))).isFalse();
        assertThat(UpstreamAmr.provesMfa(List.of())).isFalse();
    }

    @Test
    void aTrustedProvidersMfaIsASecondFactorAndAmrSaysFedAndMfa() {
        UpstreamProvider trusted = trusting(true);
        Proofs proofs = UpstreamAmr.proofs(trusted, identity(List.of("pwd", "mfa")), NOW);
        assertThat(proofs.assurance()).isEqualTo(Assurance.MULTI_FACTOR);
        assertThat(proofs.amr()).containsExactly("fed", "mfa");
        assertThat(Proofs.decode(proofs.encode()).proved().keySet()).containsExactly(Factor.FEDERATED, Factor.FEDERATED_MFA);
    }

    @Test
    void anUntrustedProvidersAmrAddsNothing() {
        Proofs proofs = UpstreamAmr.proofs(trusting(false), identity(List.of("pwd", "mfa")), NOW);
        assertThat(proofs.assurance()).isEqualTo(Assurance.PASSWORD);
        assertThat(proofs.amr()).containsExactly("fed");
        assertThat(UpstreamAmr.proofs(trusting(true), identity(List.of("pwd")), NOW).amr()).containsExactly("fed");
    }

    private static UpstreamIdentity identity(List<String> amr) {
        return new UpstreamIdentity("sub", Map.of(), amr, Optional.empty());
    }

    private static UpstreamProvider trusting(boolean trustMfa) {
        UpstreamProvider plain = FederatedAccountsTest.provider(Optional.empty(), Map.of());
        return new UpstreamProvider(plain.id(), plain.tenantId(), plain.alias(), plain.displayName(), true, plain.issuer(), true,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), plain.clientId(), plain.clientAuth(),
                Optional.empty(), plain.scopes(), plain.usernameClaim(), plain.emailClaim(), plain.nameClaim(), Optional.empty(),
                Map.of(), true, false, false, trustMfa, 0, Instant.EPOCH);
    }
}
