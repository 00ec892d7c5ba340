package com.orbusdigital.oid.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local run's demo client against the real OID: the browser signs in and lands on
 * {@link DemoCallback}, which exchanges the code, calls userinfo and shows both tokens' claims, the
 * userinfo answer and the curl commands; the same code a second time is refused, and the page says so.
 */
@OidIT
class DemoCallbackIT {

    private RunningOid oid;

    @Test
    void afterSigningInTheDemoShowsTheTokensUserinfoAndTheCurlToDoItByHand() throws Exception {
        String issuer = System.getProperty("oid.it.issuer");
        try (DemoCallback callback = DemoCallback.listen(StandaloneTomcat.freePort())) {
            SignInScenario scenario = SignInScenario.create(oid.root(), issuer, callback.redirectUri(), "public", "");
            SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
            Map<String, String> request = scenario.authorizationRequest(pkce);
            request.put("state", "demo-state");
            callback.serve(new DemoCallback.Client(issuer, scenario.clientId, callback.redirectUri(), "demo-state", pkce.verifier(),
                    scenario.authorizeUri(request).toString()));
            UserAgent browser = new UserAgent();
            URI landing = URI.create(scenario.signIn(browser, request, SignInScenario.PASSWORD).header("Location").orElseThrow());
            assertThat(landing.toString()).startsWith(callback.redirectUri() + "?code=");

            Http.Response page = browser.get(landing);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>Signed in as " + scenario.username + "</h1>", "<h2>ID token</h2>",
                    "&quot;preferred_username&quot; : &quot;" + scenario.username + "&quot;", "&quot;aud&quot; : &quot;" + scenario.clientId,
                    "<h2>Access token</h2>", "&quot;client_id&quot; : &quot;" + scenario.clientId + "&quot;",
                    "<code>GET /userinfo</code> answered 200", "&quot;sub&quot; : &quot;" + scenario.userId + "&quot;",
                    "curl -s -d grant_type=authorization_code -d client_id=" + scenario.clientId,
                    "-d code_verifier=" + pkce.verifier() + " -d code=" + UserAgent.query(landing.getRawQuery()).get("code"),
                    "curl -s -H &#39;Authorization: Bearer ey", issuer + "/userinfo",
                    "curl -s -d grant_type=refresh_token -d client_id=" + scenario.clientId);

            Http.Response again = browser.get(landing);
            assertThat(again.body()).contains("<h1>The code exchange failed</h1>", "invalid_grant").doesNotContain("Signed in as");
        }
    }
}
