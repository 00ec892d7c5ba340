package com.orbusdigital.oid.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.admin.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IdentityProviderSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Predicate<String> ROLES = Set.of("editor", "reader")::contains;
    private static final String MINIMAL = """
            {"alias":"entra","display_name":"Contoso","issuer":"https://login.microsoftonline.com/t/v2.0","client_id":"app",\
            "client_secret":"s3cret"}""";

    @Test
    void aMinimalProviderUsesDiscoveryTheStandardClaimsAndSafeDefaults() {
        IdentityProviderSpec spec = IdentityProviderSpec.forCreate(json(MINIMAL), ROLES);
        ProviderSettings settings = spec.settings();

        assertThat(settings.discovery()).isTrue();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.clientAuth()).isEqualTo(ClientAuth.CLIENT_SECRET_BASIC);
        assertThat(settings.scopes()).containsExactly("openid", "email", "profile");
        assertThat(settings.claims()).isEqualTo(new ProviderSettings.Claims("preferred_username", "email", "name", Optional.empty()));
        assertThat(settings.createUsers()).isTrue();
        assertThat(settings.linkByEmail()).isFalse();
        assertThat(settings.required()).isFalse();
        assertThat(settings.trustMfa()).isFalse();
        assertThat(settings.domains()).isEmpty();
        assertThat(spec.secret()).isPresent();
    }

    @Test
    void domainsAreStoredLowercaseInTheirAsciiFormAndSorted() {
        IdentityProviderSpec spec = IdentityProviderSpec.forCreate(with(MINIMAL, "\"domains\":[\"Example.COM\",\"bücher.example\"]"), ROLES);

        assertThat(spec.settings().domains()).containsExactly("example.com", "xn--bcher-kva.example");
    }

    @Test
    void explicitEndpointsRolesAndClaimsAreTaken() {
        IdentityProviderSpec spec = IdentityProviderSpec.forCreate(with(MINIMAL.replace("\"client_secret\":\"s3cret\"",
                "\"client_auth\":\"private_key_jwt\""), """
                "discovery":false,"authorization_endpoint":"http://127.0.0.1:8090/authorize","token_endpoint":"https://idp.example/token",\
                "jwks_uri":"http://[::1]:9/jwks","claims":{"username":"upn","roles":"groups"},"role_mappings":{"Editors":["editor","reader"]}"""),
                ROLES);

        assertThat(spec.settings().claims()).isEqualTo(new ProviderSettings.Claims("upn", "email", "name", Optional.of("groups")));
        assertThat(spec.settings().roleMappings()).isEqualTo(Map.of("Editors", List.of("editor", "reader")));
        assertThat(spec.settings().clientAuth()).isEqualTo(ClientAuth.PRIVATE_KEY_JWT);
        assertThat(spec.secret()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "alias upper case       | \"alias\":\"Entra\"                                   | alias",
            "issuer http            | \"issuer\":\"http://idp.example\"                     | issuer",
            "issuer fragment        | \"issuer\":\"https://idp.example/#x\"                 | issuer",
            "issuer query           | \"issuer\":\"https://idp.example/?x=1\"               | issuer",
            "issuer relative        | \"issuer\":\"/idp\"                                   | issuer",
            "endpoint fragment      | \"token_endpoint\":\"https://idp.example/t#f\"        | token_endpoint",
            "endpoint not loopback  | \"jwks_uri\":\"http://10.0.0.1/jwks\"                 | jwks_uri",
            "unknown client_auth    | \"client_auth\":\"tls_client_auth\"                   | client_auth",
            "secret with none       | \"client_auth\":\"none\"                              | client_secret",
            "no openid              | \"scopes\":[\"email\"]                                | scopes",
            "scope with space       | \"scopes\":[\"openid\",\"a b\"]                       | scopes[1]",
            "blank claim            | \"claims\":{\"email\":\" \"}                          | claims.email",
            "unknown claim member   | \"claims\":{\"phone\":\"x\"}                          | claims",
            "claims not object      | \"claims\":\"email\"                                  | claims",
            "mapping not array      | \"role_mappings\":{\"admins\":\"editor\"}             | role_mappings",
            "domain with @          | \"domains\":[\"ada@example.com\"]                     | domains[0]",
            "wildcard domain        | \"domains\":[\"*.example.com\"]                       | domains[0]",
            "single label           | \"domains\":[\"localhost\"]                           | domains[0]",
            "domain twice           | \"domains\":[\"example.com\",\"EXAMPLE.com\"]         | domains[1]",
            "enabled as text        | \"enabled\":\"yes\"                                   | enabled",
            "unknown field          | \"kc_idp_hint\":true                                  | kc_idp_hint",
            "blank display name     | \"display_name\":\" \"                                | display_name"})
    void eachBadFieldIsNamed(String rule, String field, String named) {
        // a later duplicate key wins in this parser: the field replaces MINIMAL's own
        ProblemException problem = refused(() -> IdentityProviderSpec.forCreate(with(MINIMAL, field), ROLES));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).as(rule).containsKey(named);
    }

    @Test
    void aMappingToARoleTheTenantLacksIsUnprocessableOnceTheFieldsAreWellFormed() {
        ProblemException unknown = refused(() -> IdentityProviderSpec.forCreate(with(MINIMAL,
                "\"role_mappings\":{\"Admins\":[\"owner\",\"editor\"],\"Owners\":[\"owner\"]}"), ROLES));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errors()).containsOnlyKeys("role_mappings");
        assertThat(unknown.errors().get("role_mappings")).contains("'owner'").doesNotContain("editor");

        ProblemException malformedToo = refused(() -> IdentityProviderSpec.forCreate(with(MINIMAL,
                "\"role_mappings\":{\"Admins\":[\"owner\"]},\"alias\":\"Bad\""), ROLES));
        assertThat(malformedToo.status()).isEqualTo(400);
    }

    @Test
    void withoutDiscoveryTheThreeEndpointsAreRequiredAndASecretMethodNeedsTheSecret() {
        ProblemException problem = refused(() -> IdentityProviderSpec.forCreate(json("""
                {"alias":"okta","display_name":"Okta","issuer":"https://acme.okta.com","client_id":"app","discovery":false,\
                "userinfo_endpoint":"https://acme.okta.com/userinfo"}"""), ROLES));

        assertThat(problem.errors()).containsOnlyKeys("authorization_endpoint", "token_endpoint", "jwks_uri", "client_secret");
        assertThat(problem.errors().values()).noneMatch(message -> message.contains("s3cret"));
    }

    @Test
    void aPatchKeepsTheSecretUnlessTheMethodStopsUsingOneAndClearsWhatIsSetToNull() {
        ProviderSettings current = IdentityProviderSpec.forCreate(with(MINIMAL,
                "\"userinfo_endpoint\":\"https://idp.example/userinfo\",\"claims\":{\"roles\":\"roles\"}"), ROLES).settings();

        IdentityProviderSpec renamed = IdentityProviderSpec.forUpdate(json("{\"display_name\":\"Contoso staff\"}"), current, true, ROLES);
        assertThat(renamed.secret()).isEmpty();
        assertThat(renamed.settings().changedFrom(current)).containsExactly("display_name");

        IdentityProviderSpec cleared = IdentityProviderSpec.forUpdate(json("{\"userinfo_endpoint\":null,\"claims\":{\"roles\":null}}"),
                current, true, ROLES);
        assertThat(cleared.settings().userinfoEndpoint()).isEmpty();
        assertThat(cleared.settings().claims().roles()).isEmpty();
        assertThat(cleared.settings().claims().username()).isEqualTo("preferred_username");
        assertThat(cleared.settings().changedFrom(current)).containsExactly("userinfo_endpoint", "claims");

        IdentityProviderSpec toJwt = IdentityProviderSpec.forUpdate(json("{\"client_auth\":\"private_key_jwt\"}"), current, true, ROLES);
        assertThat(toJwt.settings().clientAuth().usesSecret()).isFalse();

        ProviderSettings withoutSecret = toJwt.settings();
        ProblemException back = refused(() -> IdentityProviderSpec.forUpdate(json("{\"client_auth\":\"client_secret_post\"}"),
                withoutSecret, false, ROLES));
        assertThat(back.errors()).containsOnlyKeys("client_secret");
        assertThat(IdentityProviderSpec.forUpdate(json("{\"client_auth\":\"client_secret_post\",\"client_secret\":\"new\"}"),
                withoutSecret, false, ROLES).secret()).isPresent();
        assertThat(refused(() -> IdentityProviderSpec.forUpdate(json("{\"discovery\":false}"), current, true, ROLES)).errors())
                .containsOnlyKeys("authorization_endpoint", "token_endpoint", "jwks_uri");
    }

    private static ProblemException refused(Runnable parse) {
        ProblemException problem = catchThrowableOfType(parse::run, ProblemException.class);
        assertThat(problem).as("refused").isNotNull();
        return problem;
    }

    private static JsonNode with(String base, String more) {
        return json(base.substring(0, base.length() - 1) + "," + more + "}");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
