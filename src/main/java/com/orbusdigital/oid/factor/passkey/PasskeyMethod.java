package com.orbusdigital.oid.factor.passkey;

import com.orbusdigital.oid.factor.FactorMethod;
import com.orbusdigital.oid.factor.Method;
import com.orbusdigital.oid.factor.StepView;
import com.orbusdigital.oid.session.PendingSignIn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Passkeys as a sign-in step: the page (templates/step-passkey.html) carries the options for
 * /assets/passkey.js in a data- attribute and posts the browser's answer as a form to
 * /login/passkey (an assertion) or /login/passkey/register (a new passkey).
 */
@ApplicationScoped
public class PasskeyMethod implements FactorMethod {

    /** /assets/passkey.js: the page finds it beside its stylesheet. */
    static final String SCRIPT_HREF = "passkey.js";

    private Passkeys passkeys;

    protected PasskeyMethod() {
        // for the CDI proxy
    }

    @Inject
    public PasskeyMethod(Passkeys passkeys) {
        this.passkeys = passkeys;
    }

    @Override
    public Method method() {
        return Method.PASSKEY;
    }

    @Override
    public StepView prove(PendingSignIn pending, UUID userId) {
        return new StepView("step-passkey", Map.of(StepView.SCRIPT, SCRIPT_HREF, "passkeyOptions", passkeys.requestOptions(pending,
                Optional.of(userId))));
    }

    @Override
    public StepView enrol(PendingSignIn pending, UUID userId) {
        return new StepView("step-passkey", Map.of(StepView.SCRIPT, SCRIPT_HREF, "passkeyOptions", passkeys.creationOptions(pending, userId)));
    }
}
