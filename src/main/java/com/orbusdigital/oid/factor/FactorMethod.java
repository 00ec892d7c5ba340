package com.orbusdigital.oid.factor;

import com.orbusdigital.oid.session.PendingSignIn;
import java.util.UUID;

/**
 * A way to prove a further factor during a sign-in (a CDI bean per {@link Method}): what its step
 * page shows to prove it, and to set it up when the user has to enrol. Verifying what the page
 * posts is the method's own endpoint's work, which then hands the factors proved to the sign-in
 * flow.
 */
public interface FactorMethod {

    Method method();

    /**
     * The part of the step page that asks {@code userId} for this factor (may remember a challenge on
     * the pending sign-in).
     */
    StepView prove(PendingSignIn pending, UUID userId);

    /** The part of the step page that sets it up for {@code userId}; recovery codes have none. */
    StepView enrol(PendingSignIn pending, UUID userId);
}
