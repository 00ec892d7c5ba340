package com.orbusdigital.oid.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Fixtures.TestClient;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 6749 §4.4: machine-to-machine tokens, verified by an independent library through the JWKS. */
@OidIT
class ClientCredentialsIT {

    private static final String FORM = "grant_type=client_credentials";

    private RunningOid oid;

    private URI token;
    private String issuer;
    private Fixtures fixtures;
    private UUID tenant;

    @BeforeEach
    void ready() throws Exception {
        token = oid.resolve("token");
        issuer = oid.issuer();
        fixtures = oid.fixtures();
        tenant = fixtures.tenant("cc-" + UUID.randomUUID().toString().substring(0, 8), true);
    }

    private static void assertError(Http.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.header("Cache-Control")).contains("no-store");
        JsonNode body = response.json();
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.");
    }

    @Test
    void issuesATokenThatADiscoveringRelyingPartyVerifiesWithEveryClaim() throws Exception {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of("docs:read", "docs:write"), "uploader", "auditor");
        RelyingParty relyingParty = new RelyingParty(issuer, TestInfrastructure.AUDIENCE);

        TokenResponse response = relyingParty.clientCredentials(client.clientId(), client.secret(), "docs:read");

        assertThat(response.indicatesSuccess())
                .withFailMessage(() -> "token request failed: " + response.toErrorResponse().getErrorObject())
                .isTrue();
        AccessTokenResponse success = response.toSuccessResponse();
        assertThat(success.getTokens().getBearerAccessToken().getLifetime()).isEqualTo(TestInfrastructure.ACCESS_TOKEN_TTL_SECONDS);
        assertThat(success.getTokens().getBearerAccessToken().getScope().toString()).isEqualTo("docs:read");
        String value = success.getTokens().getAccessToken().getValue();

        JWTClaimsSet claims = relyingParty.verifyAccessToken(value);
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getSubject()).isEqualTo(client.clientId());
        assertThat(claims.getAudience()).containsExactly(TestInfrastructure.AUDIENCE);
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(TestInfrastructure.ACCESS_TOKEN_TTL_SECONDS * 1000L);
        assertThat(claims.getIssueTime().getTime()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(claims.getJWTID()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(client.clientId());
        assertThat(claims.getStringClaim("scope")).isEqualTo("docs:read");
        assertThat(claims.getStringClaim("tenant_id")).isEqualTo(tenant.toString());
        assertThat(claims.getStringListClaim("roles")).containsExactly("auditor", "uploader");

        SignedJWT jwt = SignedJWT.parse(value);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
    }

    @Test
    void acceptsClientSecretPostAndGrantsTheRegisteredScopesWhenNoneAreAsked() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of("a", "b"));

        Http.Response response = Http.postForm(token, FORM + "&client_id=" + client.clientId() + "&client_secret=" + client.secret());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("Pragma")).contains("no-cache");
        JsonNode body = response.json();
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(TestInfrastructure.ACCESS_TOKEN_TTL_SECONDS);
        assertThat(body.path("scope").asText()).isEqualTo("a b");
        assertThat(body.has("refresh_token")).isFalse();
    }

    @Test
    void aClientWithoutRolesGetsAnEmptyRolesClaimAndNoScope() throws Exception {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());

        Http.Response response = Http.postForm(token, FORM, "Authorization", Http.basic(client.clientId(), client.secret()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().has("scope")).isFalse();
        JWTClaimsSet claims = new RelyingParty(issuer, TestInfrastructure.AUDIENCE).verifyAccessToken(response.json().path("access_token").asText());
        assertThat(claims.getStringListClaim("roles")).isEmpty();
        assertThat(claims.getClaim("scope")).isNull();
    }

    @Test
    void theBootstrapClientHoldsOidAdminInThePlatformTenant() throws Exception {
        Http.Response response = Http.postForm(token, FORM, "Authorization",
                Http.basic(TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JWTClaimsSet claims = new RelyingParty(issuer, TestInfrastructure.AUDIENCE).verifyAccessToken(response.json().path("access_token").asText());
        assertThat(claims.getStringListClaim("roles")).containsExactly("oid-admin");
    }

    @Test
    void aWrongSecretOverBasicIsInvalidClientWithABasicChallenge() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());

        Http.Response response = Http.postForm(token, FORM, "Authorization", Http.basic(client.clientId(), client.secret() + "x"));

        assertError(response, 401, "invalid_client");
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
    }

    @Test
    void anUnknownClientGetsTheSameAnswerAsAWrongSecret() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());

        Http.Response unknown = Http.postForm(token, FORM, "Authorization", Http.basic("no-such-client", client.secret()));
        Http.Response wrong = Http.postForm(token, FORM, "Authorization", Http.basic(client.clientId(), "wrong"));

        assertError(unknown, 401, "invalid_client");
        assertThat(unknown.body()).isEqualTo(wrong.body());
    }

    @Test
    void aWrongSecretInTheBodyIsInvalidClientWithoutAChallenge() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());

        Http.Response response = Http.postForm(token, FORM + "&client_id=" + client.clientId() + "&client_secret=nope");

        assertError(response, 401, "invalid_client");
        assertThat(response.header("WWW-Authenticate")).isEmpty();
    }

    @Test
    void noClientAuthenticationIsInvalidClient() {
        assertError(Http.postForm(token, FORM), 401, "invalid_client");
    }

    /** Through the admin API, as changes are made: the client cache of this replica forgets the client once the change commits. */
    @Test
    void aDisabledClientOrTenantIsRefusedAtOnce() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String basic = Http.basic(client.clientId(), client.secret());
        assertThat(Http.postForm(token, FORM, "Authorization", basic).status()).isEqualTo(200);
        AdminClient admin = AdminClient.platformAdmin(token.resolve("/"));

        assertThat(admin.patch("admin/tenants/" + tenant, "{\"enabled\":false}").status()).isEqualTo(200);
        assertError(Http.postForm(token, FORM, "Authorization", basic), 401, "invalid_client");

        assertThat(admin.patch("admin/tenants/" + tenant, "{\"enabled\":true}").status()).isEqualTo(200);
        assertThat(Http.postForm(token, FORM, "Authorization", basic).status()).isEqualTo(200);
        assertThat(admin.patch("admin/tenants/" + tenant + "/clients/" + client.clientId(), "{\"enabled\":false}").status())
                .isEqualTo(200);
        assertError(Http.postForm(token, FORM, "Authorization", basic), 401, "invalid_client");
    }

    @Test
    void aClientNotAllowedTheGrantIsUnauthorizedClient() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("authorization_code"), List.of());

        assertError(Http.postForm(token, FORM, "Authorization", Http.basic(client.clientId(), client.secret())), 400, "unauthorized_client");
    }

    @Test
    void aScopeBeyondTheClientsIsInvalidScope() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of("docs:read"));

        Http.Response response = Http.postForm(token, FORM + "&scope=" + URLEncoder.encode("docs:read admin", StandardCharsets.UTF_8),
                "Authorization", Http.basic(client.clientId(), client.secret()));

        assertError(response, 400, "invalid_scope");
        assertThat(response.json().path("error_description").asText()).contains("admin");
    }

    @Test
    void unknownGrantTypesAreUnsupportedAndImplicitOrPasswordGrantsDoNotExist() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials", "password"), List.of());
        String basic = Http.basic(client.clientId(), client.secret());

        assertError(Http.postForm(token, "grant_type=password&username=a&password=b", "Authorization", basic), 400, "unsupported_grant_type");
        assertError(Http.postForm(token, "grant_type=implicit", "Authorization", basic), 400, "unsupported_grant_type");
        assertError(Http.postForm(token, "grant_type=urn%3Afoo", "Authorization", basic), 400, "unsupported_grant_type");
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String basic = Http.basic(client.clientId(), client.secret());

        assertError(Http.postForm(token, "", "Authorization", basic), 400, "invalid_request");
        assertError(Http.postForm(token, FORM + "&grant_type=client_credentials", "Authorization", basic), 400, "invalid_request");
        assertError(Http.post(token, "{\"grant_type\":\"client_credentials\"}", "Content-Type", "application/json", "Authorization", basic), 400, "invalid_request");
        assertError(Http.post(token, FORM, "Authorization", basic), 400, "invalid_request");
        assertError(Http.postForm(token, FORM + "&x=%E0%A4", "Authorization", basic), 400, "invalid_request");
        assertError(Http.postForm(token, FORM + "&client_id=" + client.clientId() + "&client_secret=" + client.secret(), "Authorization", basic), 400, "invalid_request");
    }

    @Test
    void getIsNotAllowedOnTheTokenEndpoint() {
        Http.Response response = Http.get(token);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
}
