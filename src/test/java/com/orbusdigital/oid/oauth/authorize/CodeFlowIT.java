package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorization code flow end to end over plain HTTP: authorize, login form, code, tokens, userinfo, refresh. */
@OidIT
class CodeFlowIT {

    private RunningOid oid;

    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
    }

    @Test
    void aUserSignsInAndTheClientGetsVerifiableTokens() throws Exception {
        UserAgent agent = new UserAgent();
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);

        Http.Response page = agent.get(scenario.authorizeUri(request));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("Billing Portal", "Tenant " + scenario.tenant);

        Http.Response redirect = agent.submit(page, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(scenario.redirectUri + "?code="));
        String code = scenario.code(redirect, request);

        Http.Response tokens = scenario.exchange(code, pkce);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        JsonNode body = tokens.json();
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("refresh_token").asText()).isNotBlank();
        assertThat(body.path("id_token").asText()).isNotBlank();
        assertThat(tokens.header("Cache-Control")).contains("no-store");

        RelyingParty rp = new RelyingParty(scenario.issuer, TestInfrastructure.AUDIENCE);
        JWTClaimsSet access = rp.verifyAccessToken(body.path("access_token").asText());
        assertThat(access.getSubject()).isEqualTo(scenario.userId);
        assertThat(access.getStringClaim("client_id")).isEqualTo(scenario.clientId);
        assertThat(access.getStringListClaim("roles")).containsExactly("editor");

        // each grant's issuance is published, with the user and never the token
        String codeJti = access.getJWTID();
        String issuedEvent = EventStream.await(scenario.tenantId, "oid.token.issued", codeJti).value();
        assertThat(issuedEvent).contains("\"grant_type\":\"authorization_code\"", "\"user_id\":\"" + scenario.userId + "\"")
                .doesNotContain(body.path("access_token").asText(), body.path("refresh_token").asText());

        Http.Response userinfo = Http.get(URI.create(scenario.issuer + "/userinfo"), "Authorization", "Bearer " + body.path("access_token").asText());
        assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
        assertThat(userinfo.json().path("sub").asText()).isEqualTo(scenario.userId);
        assertThat(userinfo.json().path("preferred_username").asText()).isEqualTo(scenario.username);

        Http.Response refreshed = scenario.refresh(body.path("refresh_token").asText());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        String refreshedJti = rp.verifyAccessToken(refreshed.json().path("access_token").asText()).getJWTID();
        assertThat(EventStream.await(scenario.tenantId, "oid.token.issued", refreshedJti).value())
                .contains("\"grant_type\":\"refresh_token\"");
        Http.Response reused = scenario.refresh(body.path("refresh_token").asText());
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(scenario.refresh(refreshed.json().path("refresh_token").asText()).status()).isEqualTo(400);

        // a second authorization in the same browser skips the form
        SignInScenario.Pkce again = SignInScenario.Pkce.create();
        Map<String, String> second = scenario.authorizationRequest(again);
        Http.Response silent = agent.get(scenario.authorizeUri(second));
        assertThat(silent.status()).isEqualTo(302);
        assertThat(scenario.exchange(scenario.code(silent, second), again).status()).isEqualTo(200);
    }
}
