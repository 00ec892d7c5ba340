package com.orbusdigital.oid.factor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A sign-in step's own part of the page (the step page frames it: heading, the authorization
 * request's hidden fields, the CSRF field, the other methods, the error): the Thymeleaf template
 * whose fragment {@code step} renders it, and the values it reads.
 *
 * @param template e.g. "step-otp": templates/step-otp.html, with {@code th:fragment="step"}
 * @param model    values for the template (e.g. a WebAuthn challenge); never a secret worth a log line
 */
public record StepView(String template, Map<String, Object> model) {

    /**
     * The model entry naming a script of OID's own (a file of /assets/, e.g. "passkey.js") the page loads; its page
     * gets a CSP that lets OID's scripts run (issue 16, passkeys).
     */
    public static final String SCRIPT = "script";

    public StepView {
        Objects.requireNonNull(template, "template");
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
    }

    public static StepView of(String template) {
        return new StepView(template, Map.of());
    }
}
