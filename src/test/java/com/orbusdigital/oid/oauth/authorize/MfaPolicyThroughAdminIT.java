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
 * <p>
 * On this branch no factor method is installed, so the sign-in stops at the page saying that OID
 * cannot offer the factor needed; with the one-time-code and passkey methods merged it stops at the
 * enrolment step instead (the choice of a passkey or an authenticator app) — this test is then to
 * assert that page.
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

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("Location")).isEmpty();
        assertThat(answer.body()).contains("This sign-in needs a second factor that OID cannot offer here.");
        assertThat(answer.body()).doesNotContain("name=\"password\"");
        assertThat(agent.cookie("oid_session")).isEmpty();
    }

    @Test
    void aClientRequiringASecondFactorThroughTheAdminApiStopsAPasswordOnlySignInToo() {
        Http.Response patched = scenario.admin.patch("admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId,
                "{\"require_mfa\":true}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        Http.Response answer = scenario.signIn(agent, request, SignInScenario.PASSWORD);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("This sign-in needs a second factor that OID cannot offer here.");
        assertThat(agent.cookie("oid_session")).isEmpty();
    }
}
