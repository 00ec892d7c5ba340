package com.orbusdigital.oid.factor.otp;

import com.orbusdigital.oid.factor.Base32;
import com.orbusdigital.oid.factor.FactorMethod;
import com.orbusdigital.oid.factor.Method;
import com.orbusdigital.oid.factor.StepView;
import com.orbusdigital.oid.session.PendingSignIn;
import com.orbusdigital.oid.session.PendingSignIns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One-time codes on the sign-in's step page: a code field to prove one ({@code step-otp}), or the QR
 * code and the secret as text to set an app up, confirmed by its first code ({@code step-otp-enrol}).
 * Both post to {@code /login/otp}.
 */
@ApplicationScoped
public class OtpMethod implements FactorMethod {

    static final String PROVE = "step-otp";
    static final String ENROL = "step-otp-enrol";

    private OneTimeCodeService codes;

    protected OtpMethod() {
        // for the CDI proxy
    }

    @Inject
    public OtpMethod(OneTimeCodeService codes) {
        this.codes = codes;
    }

    @Override
    public Method method() {
        return Method.OTP;
    }

    @Override
    public StepView prove(PendingSignIn pending, UUID userId) {
        return StepView.of(PROVE);
    }

    /** A user who has an app set up already (set up meanwhile) is asked for its code instead. */
    @Override
    public StepView enrol(PendingSignIn pending, UUID userId) {
        Optional<OneTimeCodeService.Enrolment> enrolment = codes.enrolment(pending.tenantId(), userId, started(pending));
        if (enrolment.isEmpty()) {
            return StepView.of(PROVE);
        }
        String secret = enrolment.get().secret();
        return new StepView(ENROL, Map.of("secret", Base32.grouped(secret, 4, ' '), "qrCode", QrCode.svgDataUrl(enrolment.get().uri())));
    }

    /** When the pending sign-in started: an enrolment it made since is its own. */
    public static Instant started(PendingSignIn pending) {
        return pending.expiresAt().minus(PendingSignIns.LIFETIME);
    }
}
