package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.factor.Method;
import com.orbusdigital.oid.factor.otp.OneTimeCodeService;
import com.orbusdigital.oid.factor.otp.OtpMethod;
import com.orbusdigital.oid.factor.otp.Totp;
import com.orbusdigital.oid.factor.recovery.RecoveryCodeService;
import com.orbusdigital.oid.factor.recovery.RecoveryCodes;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The code forms of a sign-in's steps: a one-time code from an authenticator app ({@code /login/otp},
 * which also confirms an app being set up when the form says {@code enrol=true}) and a recovery code
 * ({@code /login/recovery-code}). A wrong, replayed or locked-out code gets one neutral answer; what
 * cannot be a code at all is asked for again, and not counted.
 */
@Path("/login")
@BrowserEndpoint
@ApplicationScoped
public class OneTimeCodeResource {

    static final Message WRONG_CODE = Message.of("step.code.wrong");
    static final Message MALFORMED_OTP = Message.of("step.otp.malformed");
    static final Message MALFORMED_RECOVERY_CODE = Message.of("step.recovery_code.malformed");

    private AuthorizationFlow flow;
    private OneTimeCodeService oneTimeCodes;
    private RecoveryCodeService recoveryCodes;

    protected OneTimeCodeResource() {
        // for the CDI proxy
    }

    @Inject
    public OneTimeCodeResource(AuthorizationFlow flow, OneTimeCodeService oneTimeCodes, RecoveryCodeService recoveryCodes) {
        this.flow = flow;
        this.oneTimeCodes = oneTimeCodes;
        this.recoveryCodes = recoveryCodes;
    }

    @POST
    @Path("/otp")
    @Consumes(MediaType.WILDCARD)
    public Response otp(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                        @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = SignInStepResource.read(flow, contentType, body, request, headers);
        boolean enrolAsked = form.optional("enrol").filter("true"::equals).isPresent();
        return resume(form, request, headers).then(step -> {
            UUID userId = identified(step);
            // set up only where the policy's next step is to: never because the form says so
            boolean enrol = enrolAsked && flow.mayEnrol(step, Method.OTP);
            Optional<String> code = form.optional("code").flatMap(Totp::normalise);
            if (code.isEmpty()) {
                return flow.refused(step, Method.OTP, enrol, MALFORMED_OTP);
            }
            String clientId = step.request().client().clientId();
            boolean right = enrol
                    ? oneTimeCodes.confirm(step.pending().tenantId(), userId, code.get(), OtpMethod.started(step.pending()))
                    : oneTimeCodes.prove(step.pending().tenantId(), userId, clientId, code.get());
            return right ? flow.proved(step, List.of(Factor.OTP), enrol) : flow.refused(step, Method.OTP, enrol, WRONG_CODE);
        });
    }

    @POST
    @Path("/recovery-code")
    @Consumes(MediaType.WILDCARD)
    public Response recoveryCode(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                                 @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = SignInStepResource.read(flow, contentType, body, request, headers);
        return resume(form, request, headers).then(step -> {
            UUID userId = identified(step);
            Optional<String> code = form.optional("code").filter(typed -> RecoveryCodes.normalise(typed).isPresent());
            if (code.isEmpty()) {
                return flow.refused(step, Method.RECOVERY_CODE, false, MALFORMED_RECOVERY_CODE);
            }
            boolean right = recoveryCodes.use(step.pending().tenantId(), userId, step.request().client().clientId(), code.get());
            return right ? flow.proved(step, List.of(Factor.RECOVERY_CODE), false)
                    : flow.refused(step, Method.RECOVERY_CODE, false, WRONG_CODE);
        });
    }

    private AuthorizationFlow.Resumed resume(FormParameters form, HttpServletRequest request, HttpHeaders headers) {
        return flow.resume(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies());
    }

    /** A code proves a factor of someone already identified (by the password, or the session stepped up). */
    private static UUID identified(AuthorizationFlow.StepContext step) {
        return step.userId().orElseThrow(() -> BrowserError.page(AuthorizationChecks.ERROR_TITLE, AuthorizationFlow.STEP_EXPIRED));
    }
}
