package com.orbusdigital.oid.factor;

import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.tenant.MfaPolicy;
import com.orbusdigital.oid.protocol.Proofs;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, after each factor a person proves, whether the sign-in is complete: the level it needs is
 * the strongest of the tenant's policy, the client's requirement and the level the request asks for
 * (acr_values, or an essential acr claim); a user who has set up a second factor is asked for it
 * unless the tenant turned second factors off. A factor is set up during a sign-in only by someone
 * who has proved every factor they have (a user with none: their password), so that a stolen
 * password never adds a factor of the thief's. Pure: the same answer for the same facts.
 */
public final class SignInPolicy {

    private SignInPolicy() {}

    /**
     * @param tenant    the tenant's policy
     * @param client    the least the client accepts ({@link Assurance#PASSWORD} when it asks for nothing)
     * @param requested the level the request asks for, if any
     * @param enrolled  what the user has set up
     * @param proofs    what this sign-in (or the session being stepped up) proved so far
     */
    public static SignInStep next(MfaPolicy tenant, Assurance client, Optional<Assurance> requested, Enrolled enrolled, Proofs proofs) {
        Assurance needed = needed(tenant, client, requested, enrolled);
        Assurance achieved = proofs.assurance();
        if (!proofs.isEmpty() && achieved.satisfies(needed)) {
            return new SignInStep.Done(achieved);
        }
        if (needed == Assurance.PHISHING_RESISTANT && enrolled.passkeys() > 0) {
            return new SignInStep.ProveAnother(needed, Set.of(Method.PASSKEY));
        }
        if (needed == Assurance.PHISHING_RESISTANT && (achieved.satisfies(Assurance.MULTI_FACTOR) || !enrolled.hasAnything())) {
            return new SignInStep.Enrol(needed, Set.of(Method.PASSKEY));
        }
        // a user who has a second factor proves it before setting up another one: a password alone never adds a factor
        Set<Method> offered = EnumSet.noneOf(Method.class);
        // (needed is MULTI_FACTOR here, or PHISHING_RESISTANT for a user who must first prove the factor they have)
        if (enrolled.passkeys() > 0) {
            offered.add(Method.PASSKEY);
        }
        if (enrolled.otp()) {
            offered.add(Method.OTP);
        }
        if (enrolled.recoveryCodes() > 0) {
            offered.add(Method.RECOVERY_CODE);
        }
        return offered.isEmpty()
                ? new SignInStep.Enrol(needed, Set.of(Method.PASSKEY, Method.OTP))
                : new SignInStep.ProveAnother(needed, offered);
    }

    /**
     * Whether {@code proofs} complete any sign-in, whatever the user has set up: nothing asks for
     * more than phishing-resistant (so the enrolled factors need not be read).
     */
    public static boolean settled(Proofs proofs) {
        return !proofs.isEmpty() && proofs.assurance() == Assurance.PHISHING_RESISTANT;
    }

    /** The level a sign-in must reach. */
    public static Assurance needed(MfaPolicy tenant, Assurance client, Optional<Assurance> requested, Enrolled enrolled) {
        Assurance needed = Assurance.strongest(client, requested.orElse(Assurance.PASSWORD));
        boolean secondFactor = tenant == MfaPolicy.REQUIRED || (tenant == MfaPolicy.OPTIONAL && enrolled.hasSecondFactor());
        return secondFactor ? Assurance.strongest(needed, Assurance.MULTI_FACTOR) : needed;
    }
}
