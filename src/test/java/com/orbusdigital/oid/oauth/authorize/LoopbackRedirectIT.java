package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Native apps on a loopback address (RFC 8252 §7.3): the app registers {@code http://127.0.0.1/cb}
 * and listens on whatever port the system gives it, so the port of a loopback IP literal is not
 * compared; everything else still is, at /authorize and at /logout.
 */
@OidIT
class LoopbackRedirectIT {

    private static final String REGISTERED = "http://127.0.0.1/cb";
    private static final String EPHEMERAL = "http://127.0.0.1:53123/cb";

    private RunningOid oid;

    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), REGISTERED, "public", "");
    }

    @Test
    void theCodeGoesToTheLoopbackPortTheAppAskedForAndIsRedeemedWithThatUri() {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("redirect_uri", EPHEMERAL);

        Http.Response redirect = scenario.signIn(new UserAgent(), request, SignInScenario.PASSWORD);

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(EPHEMERAL + "?code="));
        String code = scenario.code(redirect, request);
        Http.Response tokens = scenario.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", EPHEMERAL,
                "code_verifier", pkce.verifier()));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.json().path("id_token").asText()).isNotBlank();
    }

    @Test
    void anotherPathHostOrSchemeOnTheLoopbackIsStillRefused() {
        for (String other : List.of("http://127.0.0.1:53123/other", "http://127.0.0.2:53123/cb", "http://localhost:53123/cb",
                "https://127.0.0.1:53123/cb", "http://127.0.0.1.evil.example:53123/cb", "http://127.0.0.1:53123/cb/")) {
            Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
            request.put("redirect_uri", other);

            Http.Response page = new UserAgent().get(scenario.authorizeUri(request));

            assertThat(page.status()).as(other).isEqualTo(400);
            assertThat(page.header("Location")).as(other).isEmpty();
            assertThat(page.body()).as(other).contains("The address to return to is not registered for this application.");
        }
    }

    @Test
    void signingOutReturnsToTheLoopbackPortTooButNotElsewhere() {
        String hint = scenario.signedIn(new UserAgent()).path("id_token").asText();

        Http.Response back = new UserAgent().get(logoutUri(Map.of("id_token_hint", hint,
                "post_logout_redirect_uri", "http://127.0.0.1:53123/cb/signed-out", "state", "s1")));
        Http.Response elsewhere = new UserAgent().get(logoutUri(Map.of("id_token_hint", hint,
                "post_logout_redirect_uri", "http://127.0.0.1:53123/cb/elsewhere", "state", "s1")));

        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("Location")).hasValue("http://127.0.0.1:53123/cb/signed-out?state=s1");
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.header("Location")).isEmpty();
        assertThat(elsewhere.body()).contains("The address to return to after signing out is not registered for this application.");
    }

    private URI logoutUri(Map<String, String> parameters) {
        return URI.create(scenario.issuer + "/logout?" + UserAgent.encode(parameters));
    }
}
