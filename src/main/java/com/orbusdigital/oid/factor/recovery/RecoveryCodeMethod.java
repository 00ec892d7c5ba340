package com.orbusdigital.oid.factor.recovery;

import com.orbusdigital.oid.factor.FactorMethod;
import com.orbusdigital.oid.factor.Method;
import com.orbusdigital.oid.factor.StepView;
import com.orbusdigital.oid.session.PendingSignIn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;

/**
 * Recovery codes on the sign-in's step page: a field for one ({@code step-recovery-code}, posting to
 * {@code /login/recovery-code}); and, after a sign-in that set a factor up, a new set shown once
 * ({@code step-recovery-codes}), then on to the client through {@code /login/continue}.
 */
@ApplicationScoped
public class RecoveryCodeMethod implements FactorMethod {

    private RecoveryCodeService codes;

    protected RecoveryCodeMethod() {
        // for the CDI proxy
    }

    @Inject
    public RecoveryCodeMethod(RecoveryCodeService codes) {
        this.codes = codes;
    }

    @Override
    public Method method() {
        return Method.RECOVERY_CODE;
    }

    @Override
    public StepView prove(PendingSignIn pending, UUID userId) {
        return StepView.of("step-recovery-code");
    }

    /** A new set, generated now: this page is the only time it is shown. */
    @Override
    public StepView enrol(PendingSignIn pending, UUID userId) {
        return new StepView("step-recovery-codes", Map.of("codes", codes.generate(pending.tenantId(), userId)));
    }
}
