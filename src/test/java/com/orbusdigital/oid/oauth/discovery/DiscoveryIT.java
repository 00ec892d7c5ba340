package com.orbusdigital.oid.oauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenID Connect Discovery 1.0 and the JWKS (RFC 7517). */
@OidIT
class DiscoveryIT {

    private RunningOid oid;

    private String issuer;

    @BeforeEach
    void ready() throws Exception {
        issuer = oid.issuer();
    }

    @Test
    void aRelyingPartyResolvesTheMetadataFromTheIssuerAlone() throws Exception {
        OIDCProviderMetadata metadata = new RelyingParty(issuer, TestInfrastructure.AUDIENCE).metadata();

        assertThat(metadata.getIssuer().getValue()).isEqualTo(issuer);
        assertThat(metadata.getTokenEndpointURI()).hasToString(issuer + "/token");
        assertThat(metadata.getJWKSetURI()).hasToString(issuer + "/.well-known/jwks.json");
        assertThat(metadata.getAuthorizationEndpointURI()).hasToString(issuer + "/authorize");
        assertThat(metadata.getUserInfoEndpointURI()).hasToString(issuer + "/userinfo");
        assertThat(metadata.getEndSessionEndpointURI()).hasToString(issuer + "/logout");
        assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();
    }

    @Test
    void theClaimsParameterIsSupportedForTheClaimsOidHas() throws Exception {
        OIDCProviderMetadata metadata = new RelyingParty(issuer, TestInfrastructure.AUDIENCE).metadata();

        assertThat(metadata.supportsClaimsParam()).isTrue();
        // with the standard claims of OIDC Core §5.1 (issue 17)
        assertThat(metadata.getClaims()).containsExactlyInAnyOrder("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce",
                "at_hash", "azp", "sid", "acr", "amr", "tenant_id", "name", "preferred_username", "updated_at", "email", "email_verified",
                "given_name", "family_name", "middle_name", "nickname", "profile", "picture", "website", "gender", "birthdate", "zoneinfo",
                "locale", "address", "phone_number", "phone_number_verified");
        // the levels a sign-in reaches, weakest first (issue 16)
        assertThat(metadata.getACRs()).extracting(Object::toString).containsExactly("pwd", "mfa", "phr");
    }

    @Test
    void theLoginAndErrorPagesSpeakEnglishAndFrench() throws Exception {
        OIDCProviderMetadata metadata = new RelyingParty(issuer, TestInfrastructure.AUDIENCE).metadata();

        assertThat(metadata.getUILocales()).extracting(Object::toString).containsExactly("en", "fr");
    }

    @Test
    void listsOnlyWhatIsImplementedAndNeverTrustsTheHostHeader() throws Exception {
        Http.Response response = Http.get(oid.resolve(".well-known/openid-configuration"), "X-Forwarded-Host", "evil.example");

        assertThat(response.status()).isEqualTo(200);
        JsonNode metadata = response.json();
        assertThat(metadata.path("issuer").asText()).isEqualTo(issuer);
        assertThat(response.body()).doesNotContain("evil.example");
        assertThat(metadata.path("grant_types_supported")).extracting(JsonNode::asText)
                .containsExactly("authorization_code", "client_credentials", "refresh_token");
        assertThat(metadata.path("token_endpoint_auth_methods_supported")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "none");
        assertThat(metadata.path("revocation_endpoint").asText()).isEqualTo(issuer + "/revoke");
        assertThat(metadata.path("revocation_endpoint_auth_methods_supported")).extracting(JsonNode::asText)
                .containsExactly("client_secret_basic", "client_secret_post", "none");
        assertThat(metadata.path("introspection_endpoint").asText()).isEqualTo(issuer + "/introspect");
        assertThat(metadata.path("introspection_endpoint_auth_methods_supported")).extracting(JsonNode::asText)
                .containsExactly("client_secret_basic", "client_secret_post");
        assertThat(metadata.path("id_token_signing_alg_values_supported")).extracting(JsonNode::asText).containsExactly("RS256");
        assertThat(metadata.path("authorization_endpoint").asText()).isEqualTo(issuer + "/authorize");
        assertThat(metadata.path("userinfo_endpoint").asText()).isEqualTo(issuer + "/userinfo");
        assertThat(metadata.path("end_session_endpoint").asText()).isEqualTo(issuer + "/logout");
        assertThat(metadata.path("response_types_supported")).extracting(JsonNode::asText).containsExactly("code");
        assertThat(metadata.path("code_challenge_methods_supported")).extracting(JsonNode::asText).containsExactly("S256");
        // issue 17: the address and phone scopes of OIDC Core §5.4
        assertThat(metadata.path("scopes_supported")).extracting(JsonNode::asText)
                .containsExactly("openid", "profile", "email", "address", "phone", "offline_access");
        assertThat(metadata.path("subject_types_supported")).extracting(JsonNode::asText).containsExactly("public");
        assertThat(metadata.path("claims_supported")).extracting(JsonNode::asText)
                .contains("sub", "auth_time", "nonce", "at_hash", "tenant_id", "preferred_username", "email_verified");
        assertThat(metadata.path("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(metadata.path("request_parameter_supported").asBoolean()).isFalse();
    }

    @Test
    void theJwksPublishesPublicRsaSigningKeysOnlyAndMayBeCached() throws Exception {
        Http.Response response = Http.get(URI.create(issuer + "/.well-known/jwks.json"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("max-age=300").contains("public"));
        JWKSet keys = JWKSet.parse(response.body());
        assertThat(keys.getKeys()).isNotEmpty();
        for (var key : keys.getKeys()) {
            assertThat(key).isInstanceOf(RSAKey.class);
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isNotBlank();
            assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
            assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(((RSAKey) key).size()).isEqualTo(2048);
        }
        for (String privatePart : new String[] {"\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\""}) {
            assertThat(response.body()).doesNotContain(privatePart);
        }
    }

    @Test
    void jwksAndDiscoveryAnswer304ToARevalidation() throws Exception {
        for (String path : new String[] {".well-known/jwks.json", ".well-known/openid-configuration"}) {
            Http.Response first = Http.get(oid.resolve(path));
            String etag = first.header("ETag").orElseThrow();

            Http.Response again = Http.get(oid.resolve(path), "If-None-Match", etag);

            assertThat(again.status()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
    }
}
