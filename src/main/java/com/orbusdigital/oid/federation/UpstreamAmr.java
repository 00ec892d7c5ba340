package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.protocol.Proofs;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a federated sign-in proves to OID's second-factor policy: {@code fed} always; and, only when
 * the tenant trusts the provider's MFA (trust_mfa), a second factor when the provider's {@code amr}
 * (RFC 8176) says it asked for more than a password: {@code mfa} itself (Entra ID, Okta), or a
 * possession factor — {@code hwk}, {@code swk}, {@code otp}, {@code sms} — beside another method
 * (Keycloak's ["pwd", "otp"]). Not {@code pwd}, {@code kba} or {@code pin} alone (one thing known),
 * nor a possession factor alone (one factor, whatever it is). An untrusted provider's amr adds nothing.
 */
public final class UpstreamAmr {

    static final Set<String> POSSESSION = Set.of("hwk", "swk", "otp", "sms");

    private UpstreamAmr() {}

    public static boolean provesMfa(List<String> amr) {
        return amr.contains("mfa") || (amr.stream().anyMatch(POSSESSION::contains) && amr.stream().distinct().count() >= 2);
    }

    public static Proofs proofs(UpstreamProvider provider, UpstreamIdentity identity, Instant at) {
        Proofs proofs = Proofs.of(Factor.FEDERATED, at);
        return provider.trustMfa() && provesMfa(identity.amr()) ? proofs.with(List.of(Factor.FEDERATED_MFA), at) : proofs;
    }
}
