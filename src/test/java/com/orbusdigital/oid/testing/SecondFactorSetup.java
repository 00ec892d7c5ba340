package com.orbusdigital.oid.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An authenticator app and recovery codes set up for a scenario's user as the sign-in pages do it,
 * over HTTP: the password, the enrolment page (its secret read from the page), the first code, the
 * recovery codes page, back to the client. The tenant's policy must ask for a second factor.
 */
public final class SecondFactorSetup {

    private static final Pattern SECRET = Pattern.compile("id=\"otp-secret\">([A-Z2-7 ]+)<");
    private static final Pattern RECOVERY_CODE = Pattern.compile("<li>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</li>");

    private SecondFactorSetup() {}

    public record Enrolled(AuthenticatorApp app, List<String> recoveryCodes) {}

    public static Enrolled enrol(SignInScenario scenario) {
        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        Http.Response page = chooseAnApp(scenario, agent, scenario.signIn(agent, request, SignInScenario.PASSWORD));
        AuthenticatorApp app = new AuthenticatorApp(secretShown(page.body()));
        Http.Response codes = agent.submit(page, Map.of("code", app.nextCode()));
        List<String> recoveryCodes = recoveryCodesShown(codes.body());
        if (recoveryCodes.size() != 10) {
            throw new AssertionError("expected the recovery codes page: " + codes.status() + " " + codes.body());
        }
        scenario.code(agent.submit(codes, Map.of()), request);
        return new Enrolled(app, recoveryCodes);
    }

    /** The app's enrolment page; when the user may choose what to set up (passkeys too), the app chosen. */
    private static Http.Response chooseAnApp(SignInScenario scenario, UserAgent agent, Http.Response page) {
        if (page.status() != 200 || page.body().contains("id=\"otp-secret\"")) {
            return page;
        }
        Map<String, String> fields = new LinkedHashMap<>(UserAgent.hiddenFields(page.body()));
        fields.put("method", "otp");
        fields.put("enrol", "true");
        return agent.postForm(URI.create(scenario.issuer + "/login/step"), fields);
    }

    /** The secret an enrolment page shows as text. */
    public static String secretShown(String html) {
        Matcher secret = SECRET.matcher(html);
        if (!secret.find()) {
            throw new AssertionError("no secret on the page: " + html);
        }
        return secret.group(1);
    }

    public static List<String> recoveryCodesShown(String html) {
        List<String> codes = new ArrayList<>();
        Matcher code = RECOVERY_CODE.matcher(html);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }
}
