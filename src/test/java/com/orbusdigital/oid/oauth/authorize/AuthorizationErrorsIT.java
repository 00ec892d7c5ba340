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
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the authorization endpoint refuses a request (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6,
 * RFC 9700 §4.1, RFC 9207): until the client and its exactly registered redirect URI are known, an
 * error is a page and the browser goes nowhere; after that, the error is redirected to the client
 * with its state and OID's issuer.
 */
@OidIT
class AuthorizationErrorsIT {

    private static final String REDIRECT_URI = "https://app.example/callback";

    private RunningOid oid;

    private SignInScenario scenario;
    private Map<String, String> request;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), REDIRECT_URI, "public", "");
        request = scenario.authorizationRequest(SignInScenario.Pkce.create());
    }

    private Http.Response authorize() {
        return new UserAgent().get(scenario.authorizeUri(request));
    }

    /** A 400 page for the user, redirecting nowhere, saying {@code message}. */
    private static void assertErrorPage(Http.Response response, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Location")).isEmpty();
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("Sign-in cannot continue", message);
        assertBrowserHeaders(response);
    }

    /** Never framed, never cached. */
    private static void assertBrowserHeaders(Http.Response response) {
        assertThat(response.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        assertThat(response.header("X-Frame-Options")).contains("DENY");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    private static void assertLoginPage(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("Billing Portal", "name=\"password\"");
    }

    /** A 302 to the registered redirect URI carrying exactly error, error_description, state and iss. */
    private void assertRedirectedError(Http.Response response, String error, String description) {
        assertThat(response.status()).as(response.body()).isEqualTo(302);
        assertThat(response.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(REDIRECT_URI + "?"));
        assertThat(UserAgent.redirectParameters(response)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "error", error, "error_description", description, "state", request.get("state"), "iss", scenario.issuer));
    }

    @Test
    void anUnknownClientIdIsAnErrorPage() {
        request.put("client_id", "no-such-client-" + UUID.randomUUID());

        assertErrorPage(authorize(), "The application that sent you here is not known.");
    }

    @Test
    void aMissingClientIdIsAnErrorPage() {
        request.remove("client_id");

        assertErrorPage(authorize(), "The request names no application (client_id is missing).");
    }

    @Test
    void aRedirectUriNotRegisteredExactlyIsAnErrorPageNeverARedirect() {
        List<String> lookalikes = List.of("https://attacker.example/callback", REDIRECT_URI + "/", "https://APP.example/callback",
                "https://app.EXAMPLE/callback", REDIRECT_URI + "?next=https://attacker.example", "http://app.example/callback",
                "https://app.example:443/callback", "https://app.example/callback#fragment", "https://app.example/Callback");
        for (String lookalike : lookalikes) {
            request.put("redirect_uri", lookalike);
            Http.Response response = authorize();
            assertThat(response.status()).as(lookalike).isEqualTo(400);
            assertErrorPage(response, "The address to return to is not registered for this application.");
        }
    }

    @Test
    void aBadRedirectUriWinsOverEveryOtherErrorSoNothingIsRedirectedToIt() {
        request.put("redirect_uri", "https://attacker.example/callback");
        request.put("response_type", "token");
        request.put("scope", "openid no-such-scope");
        request.remove("code_challenge");

        assertErrorPage(authorize(), "The address to return to is not registered for this application.");
    }

    @Test
    void anOmittedRedirectUriMeansTheOneRegisteredAndMayBeOmittedAtTheTokenEndpointToo() {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        request = scenario.authorizationRequest(pkce);
        request.remove("redirect_uri");

        Http.Response redirect = scenario.signIn(new UserAgent(), request, SignInScenario.PASSWORD);

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(REDIRECT_URI + "?code="));
        Http.Response tokens = scenario.token(Map.of("grant_type", "authorization_code", "code", scenario.code(redirect, request),
                "code_verifier", pkce.verifier()));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
    }

    @Test
    void anOmittedRedirectUriIsAnErrorPageWhenTheClientRegisteredSeveral() {
        Http.Response created = scenario.admin.post("admin/tenants/" + scenario.tenant + "/clients",
                "{\"name\":\"Two doors\",\"type\":\"public\",\"redirect_uris\":[\"" + REDIRECT_URI + "\",\"https://app.example/other\"]"
                        + ",\"grant_types\":[\"authorization_code\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        request.put("client_id", created.json().path("client_id").asText());
        request.remove("redirect_uri");

        assertErrorPage(authorize(), "The request does not say where to return (redirect_uri is missing).");
    }

    @Test
    void responseTypeTokenIsSentBackUnsupportedResponseType() {
        request.put("response_type", "token");

        assertRedirectedError(authorize(), "unsupported_response_type", "only response_type=code is supported");
    }

    @Test
    void aRequestObjectIsSentBackRequestNotSupported() {
        request.put("request", "eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9wZW5pZCJ9.");

        assertRedirectedError(authorize(), "request_not_supported", "request objects are not supported");
    }

    @Test
    void aRequestUriIsSentBackRequestUriNotSupported() {
        request.put("request_uri", "https://app.example/request.jwt");

        assertRedirectedError(authorize(), "request_uri_not_supported", "request_uri is not supported");
    }

    @Test
    void anUnknownScopeIsSentBackInvalidScope() {
        request.put("scope", "openid payroll:write");

        assertRedirectedError(authorize(), "invalid_scope", "scope 'payroll:write' is not allowed for this client");
    }

    @Test
    void promptNoneWithoutASessionIsSentBackLoginRequired() {
        request.put("prompt", "none");

        assertRedirectedError(authorize(), "login_required", "the user is not signed in (prompt=none)");
    }

    @Test
    void aRepeatedParameterIsAnErrorPage() {
        Http.Response response = new UserAgent().get(URI.create(scenario.authorizeUri(request) + "&scope=openid"));

        assertErrorPage(response, "parameter &#39;scope&#39; is repeated");
    }

    @Test
    void aPostedAuthorizationRequestGetsTheLoginPageAndSignsIn() {
        UserAgent agent = new UserAgent();

        Http.Response page = agent.postForm(URI.create(scenario.issuer + "/authorize"), request);

        assertLoginPage(page);
        assertBrowserHeaders(page);
        Http.Response redirect = agent.submit(page, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(scenario.code(redirect, request)).isNotBlank();
    }

    @Test
    void aDisabledClientIsAnErrorPage() {
        assertThat(scenario.admin.patch("admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId, "{\"enabled\":false}")
                .status()).isEqualTo(200);

        assertErrorPage(authorize(), "The application Billing Portal is currently disabled. Contact your administrator.");
    }

    @Test
    void aDisabledTenantIsAnErrorPage() {
        assertThat(scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"enabled\":false}").status()).isEqualTo(200);

        assertErrorPage(authorize(), "Signing in to Tenant " + scenario.tenant + " is currently disabled. Contact your administrator.");
    }

    @Test
    void unknownParametersAreIgnoredAndNotCarriedIntoTheLoginForm() {
        request.put("utm_source", "newsletter");
        request.put("x-unknown", "whatever");

        Http.Response page = authorize();

        assertLoginPage(page);
        Map<String, String> hidden = UserAgent.hiddenFields(page.body());
        assertThat(hidden).doesNotContainKeys("utm_source", "x-unknown").containsEntry("state", request.get("state"));
    }

    @Test
    void theLoginPageIsNeverFramedNorCached() {
        Http.Response page = authorize();

        assertLoginPage(page);
        assertBrowserHeaders(page);
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
    }

    @Test
    void anErrorRedirectCarriesTheIssuerEvenWithoutState() {
        request.remove("state");
        request.put("response_type", "token");

        Http.Response response = authorize();

        assertThat(response.status()).isEqualTo(302);
        assertThat(UserAgent.redirectParameters(response)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "error", "unsupported_response_type", "error_description", "only response_type=code is supported",
                "iss", scenario.issuer));
    }
}
