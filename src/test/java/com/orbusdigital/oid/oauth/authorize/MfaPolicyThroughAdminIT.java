package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A second-factor policy set through the admin API reaches the sign-in: with a tenant's
 * mfa_policy=required, a user who has only a password no longer gets a code for the password alone.
 * The sign-in stops after the password at the enrolment step: the choice of a passkey or an
 * authenticator app to set up, no session yet.
 */
@OidIT
class MfaPolicyThroughAdminIT {

    private RunningOid oid;

    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
    }

    @Test
    void aTenantRequiringASecondFactorStopsAPasswordOnlySignInAfterThePassword() {
        // optional, the default: the password alone is a sign-in
        Map<String, String> before = scenario.authorizationRequest(SignInScenario.Pkce.create());
        scenario.code(scenario.signIn(new UserAgent(), before, SignInScenario.PASSWORD), before);

        Http.Response patched = scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"mfa_policy\":\"required\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        Http.Response answer = scenario.signIn(agent, request, SignInScenario.PASSWORD);

        assertEnrolmentChoice(agent, answer);
    }

    @Test
    void aClientRequiringASecondFactorThroughTheAdminApiStopsAPasswordOnlySignInToo() {
        Http.Response patched = scenario.admin.patch("admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId,
                "{\"require_mfa\":true}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        Http.Response answer = scenario.signIn(agent, request, SignInScenario.PASSWORD);

        assertEnrolmentChoice(agent, answer);
    }

    private static void assertEnrolmentChoice(UserAgent agent, Http.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Location")).isEmpty();
        assertThat(answer.body()).contains("Set up a second way to sign in", "name=\"method\" value=\"passkey\"",
                "name=\"method\" value=\"otp\"");
        assertThat(answer.body()).doesNotContain("name=\"password\"");
        assertThat(agent.cookie("oid_session")).isEmpty();
        assertThat(agent.cookie("oid_signin")).as("a sign-in under way").isPresent();
    }
}
