package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.code.Pkce;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.ResponseMode;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.BrowserErrorMapper;
import com.orbusdigital.oid.web.page.Message;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizationChecksTest {

    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00Z");
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final String CALLBACK = "https://app.example.com/callback";
    private static final String ISSUER = "https://oid.example.com";

    private final Tenant tenant = new Tenant("acme", "Acme", NOW);
    private final Client spa = client("spa", ClientType.PUBLIC, List.of(CALLBACK), List.of("authorization_code", "refresh_token"), List.of("docs:read"));
    private final Client twoUris = client("two", ClientType.CONFIDENTIAL, List.of(CALLBACK, "https://app.example.com/other"), List.of("authorization_code"), List.of());
    private final Client machine = client("m2m", ClientType.CONFIDENTIAL, List.of(CALLBACK), List.of("client_credentials"), List.of());
    private final AuthorizationChecks checks = new AuthorizationChecks(
            id -> Optional.ofNullable(Map.of("spa", spa, "two", twoUris, "m2m", machine).get(id)), true);

    private Client client(String id, ClientType type, List<String> redirects, List<String> grants, List<String> scopes) {
        Client client = new Client(tenant, id, id, type, NOW);
        client.setRedirectUris(redirects, NOW);
        client.setGrantTypes(grants, NOW);
        client.setScopes(scopes, NOW);
        return client;
    }

    private static FormParameters query(String query) {
        return FormParameters.parse(query.getBytes(StandardCharsets.UTF_8));
    }

    private static String valid(String extra) {
        return "client_id=spa&redirect_uri=" + CALLBACK + "&response_type=code&scope=openid+profile&state=xyz"
                + "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256" + extra;
    }

    private BrowserError refusal(String query) {
        BrowserError refused = (BrowserError) org.assertj.core.api.Assertions.catchThrowable(() -> checks.check(query(query)));
        assertThat(refused).as(query).isNotNull();
        return refused;
    }

    private void assertPage(String query) {
        assertThat(refusal(query).returnTo()).as(query).isEmpty();
    }

    private void assertRedirect(String query, String error) {
        BrowserError refusal = refusal(query);
        assertThat(refusal.returnTo()).as(query).isPresent();
        assertThat(refusal.error().code()).isEqualTo(error);
        assertThat(refusal.returnTo().get().redirectUri()).isEqualTo(CALLBACK);
    }

    @Test
    void aValidRequestCarriesEverythingTheCodeNeeds() {
        AuthorizationRequest request = checks.check(query(valid("&nonce=n-1&prompt=login&max_age=300&login_hint=ada&unknown=ignored")));

        assertThat(request.client()).isSameAs(spa);
        assertThat(request.redirectUri()).isEqualTo(CALLBACK);
        assertThat(request.scope().toString()).isEqualTo("openid profile");
        assertThat(request.redirectUriGiven()).isTrue();
        assertThat(request.state()).contains("xyz");
        assertThat(request.nonce()).contains("n-1");
        assertThat(request.challenge()).contains(new Pkce.Challenge(CHALLENGE));
        assertThat(request.prompt()).containsExactly("login");
        assertThat(request.maxAge()).contains(300L);
        assertThat(request.loginHint()).contains("ada");
    }

    @Test
    void anUnknownClientOrAMismatchedRedirectUriIsAPageAndNeverARedirect() {
        assertPage("redirect_uri=" + CALLBACK + "&response_type=code&scope=openid");
        assertPage(valid("").replace("client_id=spa", "client_id=nobody"));
        for (String wrong : new String[] {CALLBACK + "/", CALLBACK + "?x=1", "https://APP.example.com/callback", "https://evil.example/callback",
                "http://app.example.com/callback", CALLBACK + "%23frag"}) {
            assertPage(valid("").replace("redirect_uri=" + CALLBACK, "redirect_uri=" + wrong));
        }
        // with two registered URIs the request must name one
        assertPage("client_id=two&response_type=code&scope=openid&code_challenge=" + CHALLENGE + "&code_challenge_method=S256");
    }

    @Test
    void aDisabledClientOrTenantIsAPageSayingSo() {
        spa.setEnabled(false, NOW);
        assertPage(valid(""));
        assertThat(refusal(valid("")).message()).isEqualTo(Message.of("authorize.error.client_disabled", "spa"));
        spa.setEnabled(true, NOW);
        tenant.setEnabled(false, NOW);
        assertPage(valid(""));
        assertThat(refusal(valid("")).message()).isEqualTo(Message.of("authorize.error.tenant_disabled", "Acme"));
    }

    @Test
    void theRedirectUriMayBeLeftOutOnlyWhenTheClientHasExactlyOne() {
        AuthorizationRequest request = checks.check(query(valid("").replace("redirect_uri=" + CALLBACK + "&", "")));

        assertThat(request.redirectUri()).isEqualTo(CALLBACK);
    }

    @Test
    void otherErrorsGoBackToTheClient() {
        assertRedirect(valid("").replace("response_type=code", "response_type=token"), "unsupported_response_type");
        assertRedirect(valid("").replace("response_type=code", "response_type=code+id_token"), "unsupported_response_type");
        assertRedirect(valid("").replace("&response_type=code", ""), "invalid_request");
        assertRedirect(valid("&request=eyJhbGciOiJub25lIn0"), "request_not_supported");
        assertRedirect(valid("&request_uri=https://rp.example/req"), "request_uri_not_supported");
        assertRedirect(valid("&response_mode=fragment"), "invalid_request");
        assertRedirect(valid("").replace("scope=openid+profile", "scope=openid+admin"), "invalid_scope");
        assertRedirect(valid("").replace("&scope=openid+profile", ""), "invalid_request");
        assertRedirect(valid("&prompt=none+login"), "invalid_request");
        assertRedirect(valid("&prompt=bogus"), "invalid_request");
        assertRedirect(valid("&max_age=-1"), "invalid_request");
        assertRedirect(valid("&max_age=soon"), "invalid_request");
        assertRedirect(valid("&nonce=" + "n".repeat(513)), "invalid_request");
    }

    @Test
    void theClaimsParameterIsReadStrictlyAndAMalformedOneGoesBackToTheClient() {
        AuthorizationRequest request = checks.check(query(valid("&claims=%7B%22userinfo%22%3A%7B%22name%22%3A%7B%22essential%22%3Atrue%7D%7D%7D")));

        assertThat(request.claims().userinfo()).containsOnlyKeys("name");
        assertThat(request.claims().userinfo().get("name").essential()).isTrue();
        assertThat(checks.check(query(valid(""))).claims()).isEqualTo(ClaimsRequest.NONE);
        assertRedirect(valid("&claims=name"), "invalid_request");
        assertRedirect(valid("&claims=%7B%22userinfo%22%3A%5B%5D%7D"), "invalid_request");
        assertRedirect(valid("&claims=%7B%22id_token%22%3A%7B%22name%22%3A%7B%22values%22%3A%5B%22" + "x".repeat(5000) + "%22%5D%7D%7D%7D"),
                "invalid_request");
    }

    @Test
    void pkceIsRequiredS256OnlyAndForEveryClientByDefault() {
        assertRedirect(valid("").replace("&code_challenge=" + CHALLENGE + "&code_challenge_method=S256", ""), "invalid_request");
        assertRedirect(valid("").replace("code_challenge_method=S256", "code_challenge_method=plain"), "invalid_request");
        assertRedirect(valid("").replace("&code_challenge_method=S256", ""), "invalid_request");
    }

    /*
     * The authorize-side PKCE cases (once PkceIT's, end to end): each refusal goes back to the client
     * with exactly error, error_description, state and iss, as the browser's redirect carries them.
     */

    private void assertRedirectedError(String query, String description) {
        URI location = BrowserErrorMapper.location(refusal(query), ISSUER);

        assertThat(location.toString()).as(query).startsWith(CALLBACK + "?");
        assertThat(parameters(location)).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "error", "invalid_request", "error_description", description, "state", "xyz", "iss", ISSUER));
    }

    private static Map<String, String> parameters(URI location) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            String[] nameValue = pair.split("=", 2);
            assertThat(parameters.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8))).as("repeated: " + pair).isNull();
        }
        return parameters;
    }

    private static String withoutChallenge() {
        return valid("").replace("&code_challenge=" + CHALLENGE + "&code_challenge_method=S256", "");
    }

    @Test
    void aPublicClientWithoutCodeChallengeIsSentBackInvalidRequest() {
        assertRedirectedError(withoutChallenge(), "code_challenge is required (PKCE with S256)");
    }

    @Test
    void aConfidentialClientWithoutCodeChallengeIsSentBackInvalidRequestByDefault() {
        assertRedirectedError(withoutChallenge().replace("client_id=spa", "client_id=two"), "code_challenge is required (PKCE with S256)");
    }

    @Test
    void aConfidentialClientRegisteredWithoutRequirePkceStillNeedsItWhileOidRequirePkceIsOn() {
        twoUris.setRequirePkce(false, NOW);
        assertThat(twoUris.requirePkce()).isFalse();

        assertRedirectedError(withoutChallenge().replace("client_id=spa", "client_id=two"), "code_challenge is required (PKCE with S256)");
    }

    @Test
    void aConfidentialClientRegisteredWithoutRequirePkceMayLeaveItOutOnlyOnceOidRequirePkceIsOff() {
        twoUris.setRequirePkce(false, NOW);
        AuthorizationChecks optional = new AuthorizationChecks(id -> Optional.ofNullable(Map.of("spa", spa, "two", twoUris).get(id)), false);

        assertThat(optional.check(query(withoutChallenge().replace("client_id=spa", "client_id=two"))).challenge()).isEmpty();
        // a public client never may, whatever OID_REQUIRE_PKCE says
        assertThatThrownBy(() -> optional.check(query(withoutChallenge()))).isInstanceOf(BrowserError.class);
    }

    @Test
    void thePlainMethodIsRefused() {
        assertRedirectedError(valid("").replace("code_challenge=" + CHALLENGE, "code_challenge=plain-verifier-used-as-its-own-challenge-0123456789abcdef")
                .replace("code_challenge_method=S256", "code_challenge_method=plain"), "code_challenge_method must be S256");
    }

    @Test
    void aChallengeWithoutMethodIsRefusedRatherThanTakenAsPlain() {
        assertRedirectedError(valid("").replace("&code_challenge_method=S256", ""), "code_challenge_method must be S256");
    }

    @Test
    void aMethodWithoutChallengeIsRefused() {
        assertRedirectedError(valid("").replace("&code_challenge=" + CHALLENGE, ""), "code_challenge_method was sent without code_challenge");
    }

    @Test
    void aMalformedChallengeIsRefused() {
        String malformed = "code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-]";
        assertRedirectedError(valid("").replace(CHALLENGE, "too-short"), malformed);
        assertRedirectedError(valid("").replace(CHALLENGE, CHALLENGE.substring(1)), malformed); // 42 characters
        assertRedirectedError(valid("").replace(CHALLENGE, "a".repeat(129)), malformed);
        assertRedirectedError(valid("").replace(CHALLENGE, CHALLENGE.substring(1) + "%21"), malformed); // '!' is not unreserved
    }

    @Test
    void aChallengeOf43And128UnreservedCharactersIsKept() {
        for (String challenge : new String[] {"a".repeat(43), "Az09._~-".repeat(16)}) {
            assertThat(checks.check(query(valid("").replace(CHALLENGE, challenge))).challenge())
                    .contains(new Pkce.Challenge(challenge));
        }
    }

    @Test
    void aClientMayAskOnlyForItsOwnScopesAndOfflineAccessNeedsRefreshTokens() {
        assertThat(checks.check(query(valid("").replace("scope=openid+profile", "scope=openid+docs:read+offline_access"))).scope().values())
                .containsExactly("openid", "docs:read", "offline_access");
        String machineRequest = "client_id=m2m&response_type=code&scope=openid&code_challenge=" + CHALLENGE + "&code_challenge_method=S256";
        assertRedirect(machineRequest, "unauthorized_client");
    }

    @Test
    void theErrorRedirectCarriesStateAndIssuerAndKeepsTheRegisteredQuery() {
        BrowserError redirect = BrowserError.toClient(new BrowserError.ReturnTo("https://app.example.com/cb?tenant=a", Optional.of("st&ate=1")),
                OAuthError.INVALID_SCOPE, "scope 'x y' is not allowed");

        assertThat(BrowserErrorMapper.location(redirect, "https://oid.example.com").toString()).isEqualTo(
                "https://app.example.com/cb?tenant=a&error=invalid_scope&error_description=scope%20%27x%20y%27%20is%20not%20allowed"
                        + "&state=st%26ate%3D1&iss=https%3A%2F%2Foid.example.com");
    }

    @Test
    void aStateTooLongToEchoIsAPageAndNoErrorDescriptionQuotesALongValue() {
        String longest = "s".repeat(com.orbusdigital.oid.oauth.RedirectState.MAX_BYTES);
        assertThat(checks.check(query(valid("").replace("state=xyz", "state=" + longest))).state()).contains(longest);
        assertPage(valid("").replace("state=xyz", "state=" + longest + "s"));
        // 700 CJK characters: within 2048 characters, but 6300 bytes once URL-encoded
        assertPage(valid("").replace("state=xyz", "state=" + "%E4%B8%AD".repeat(700)));
        // refused for its scope, with the state too long to echo: still a page, not a redirect
        assertPage(valid("").replace("state=xyz", "state=" + "s".repeat(60_000)).replace("scope=openid+profile", "scope=openid+admin"));

        BrowserError prompt = refusal(valid("&prompt=" + "x".repeat(60_000)));
        assertThat(prompt.returnTo()).isPresent();
        assertThat(prompt.description()).hasSizeLessThan(100);
    }

    @Test
    void repeatedParametersAreRefusedBeforeAnyCheck() {
        assertThatThrownBy(() -> query(valid("&scope=email"))).hasMessageContaining("repeated");
    }

    // --- issue 18, response_mode=form_post ---

    @Test
    void theResponseModeIsQueryOrFormPostAndEveryLaterErrorGoesBackInTheModeAsked() {
        assertThat(checks.check(query(valid(""))).responseMode()).isEqualTo(ResponseMode.QUERY);
        assertThat(checks.check(query(valid("&response_mode=query"))).responseMode()).isEqualTo(ResponseMode.QUERY);
        AuthorizationRequest formPost = checks.check(query(valid("&response_mode=form_post")));
        assertThat(formPost.responseMode()).isEqualTo(ResponseMode.FORM_POST);
        assertThat(formPost.returnTo()).isEqualTo(new BrowserError.ReturnTo(CALLBACK, Optional.of("xyz"), ResponseMode.FORM_POST,
                Optional.of("spa")));

        // a mode OID has not: invalid_request, in the query every client reads
        for (String mode : new String[] {"fragment", "FORM_POST", "form_post ", "web_message"}) {
            BrowserError refused = refusal(valid("&response_mode=" + mode.replace(" ", "+")));
            assertThat(refused.error()).as(mode).isEqualTo(OAuthError.INVALID_REQUEST);
            assertThat(refused.returnTo().orElseThrow().responseMode()).as(mode).isEqualTo(ResponseMode.QUERY);
            assertThat(refused.returnTo().orElseThrow().redirectUri()).isEqualTo(CALLBACK);
        }
        // an error found after the mode: posted back as asked
        BrowserError scope = refusal(valid("&response_mode=form_post").replace("scope=openid+profile", "scope=openid+admin"));
        assertThat(scope.error()).isEqualTo(OAuthError.INVALID_SCOPE);
        assertThat(scope.returnTo().orElseThrow().responseMode()).isEqualTo(ResponseMode.FORM_POST);
        assertThat(refusal(valid("&response_mode=form_post&prompt=bogus")).returnTo().orElseThrow().responseMode())
                .isEqualTo(ResponseMode.FORM_POST);
        // before the redirect URI is trusted: OID's own page, whatever the mode
        assertPage(valid("&response_mode=form_post").replace("redirect_uri=" + CALLBACK, "redirect_uri=https://evil.example/cb"));
        assertPage(valid("&response_mode=form_post").replace("client_id=spa", "client_id=nobody"));
    }

    @Test
    void aRequestObjectsResponseModeSaysHowItsRequestNotSupportedGoesBack() {
        // OIDC Core §6.1: {"alg":"none"} and claims that the query does not repeat
        String formPost = "eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"response_mode\":\"form_post\",\"state\":\"inside\"}".getBytes(StandardCharsets.UTF_8)) + ".";
        BrowserError refused = refusal(valid("&request=" + formPost));
        assertThat(refused.error()).isEqualTo(OAuthError.REQUEST_NOT_SUPPORTED);
        assertThat(refused.returnTo().orElseThrow().responseMode()).isEqualTo(ResponseMode.FORM_POST);
        assertThat(refused.returnTo().orElseThrow().state()).as("nothing else is taken from it").contains("xyz");
        assertThat(refusal(valid("&response_mode=query&request=" + formPost)).returnTo().orElseThrow().responseMode())
                .as("the query's own wins").isEqualTo(ResponseMode.QUERY);
        for (String unreadable : new String[] {"not-a-jwt", "a.%21%21.c", "eyJhbGciOiJub25lIn0.W10.", "eyJhbGciOiJub25lIn0.e30."}) {
            assertThat(refusal(valid("&request=" + unreadable)).returnTo().orElseThrow().responseMode()).as(unreadable)
                    .isEqualTo(ResponseMode.QUERY);
        }
    }

    // --- end of issue 18, response_mode=form_post ---
}
