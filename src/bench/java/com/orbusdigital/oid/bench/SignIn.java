package com.orbusdigital.oid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The browser steps of a public client's code flow with PKCE, as the load scenarios repeat them.
 *
 * @param scope what the authorization requests ask for
 */
record SignIn(String issuer, String clientId, String username, String password, String redirectUri, String scope) {

    SignIn(String issuer, String clientId, String username, String password, String redirectUri) {
        this(issuer, clientId, username, password, redirectUri, SignInScenario.SCOPE);
    }

    SignIn withScope(String other) {
        return new SignIn(issuer, clientId, username, password, redirectUri, other);
    }

    /** A code-flow request with a fresh PKCE pair; the verifier travels in the map under "code_verifier" (not sent). */
    Map<String, String> request() {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", scope);
        parameters.put("state", "s");
        parameters.put("code_challenge", pkce.challenge());
        parameters.put("code_challenge_method", "S256");
        parameters.put("code_verifier", pkce.verifier());
        return parameters;
    }

    URI authorizeUri(Map<String, String> request) {
        Map<String, String> sent = new LinkedHashMap<>(request);
        sent.remove("code_verifier");
        return URI.create(issuer + "/authorize?" + UserAgent.encode(sent));
    }

    /** GET /authorize: the login page (no session) or the redirect with a code (signed in). */
    Http.Response authorize(UserAgent agent, Map<String, String> request) {
        return agent.get(authorizeUri(request));
    }

    /** The login form of {@code page}, submitted with the password. */
    Http.Response login(UserAgent agent, Http.Response page) {
        return agent.submit(page, Map.of("username", username, "password", password));
    }

    /** The code in a redirect to the client, or null when it is something else. */
    static String code(Http.Response redirect) {
        if (redirect.status() != 302 && redirect.status() != 303) {
            return null;
        }
        return UserAgent.redirectParameters(redirect).get("code");
    }

    Http.Response exchange(String code, Map<String, String> request) {
        return Http.postForm(URI.create(issuer + "/token"), UserAgent.encode(Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", code, "redirect_uri", redirectUri, "code_verifier", request.get("code_verifier"))));
    }

    Http.Response refresh(String refreshToken) {
        return Http.postForm(URI.create(issuer + "/token"), UserAgent.encode(Map.of("grant_type", "refresh_token",
                "client_id", clientId, "refresh_token", refreshToken)));
    }

    /** A whole sign-in: the agent keeps the session cookie; answers the token response. */
    JsonNode tokens(UserAgent agent) {
        Map<String, String> request = request();
        Http.Response page = authorize(agent, request);
        String code = code(login(agent, page));
        if (code == null) {
            throw new IllegalStateException("sign-in failed: " + page.status());
        }
        Http.Response tokens = exchange(code, request);
        if (tokens.status() != 200) {
            throw new IllegalStateException("code exchange failed: " + tokens.status() + " " + tokens.body());
        }
        return tokens.json();
    }
}
