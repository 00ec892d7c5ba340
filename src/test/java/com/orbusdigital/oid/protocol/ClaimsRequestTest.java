package com.orbusdigital.oid.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimsRequestTest {

    @Test
    void essentialVoluntaryAndValuedClaimsAreReadForBothTargets() {
        ClaimsRequest request = ClaimsRequest.parse("""
                {"userinfo":{"name":{"essential":true},"email":null,"email_verified":{"value":true}},
                 "id_token":{"tenant_id":{"essential":false,"values":["a","b"]},"updated_at":{"value":17}}}""");

        assertThat(request.userinfo()).containsExactly(
                Map.entry("name", new ClaimsRequest.Requested(true, List.of())),
                Map.entry("email", ClaimsRequest.Requested.ANY),
                Map.entry("email_verified", new ClaimsRequest.Requested(false, List.of(true))));
        assertThat(request.idToken()).containsExactly(
                Map.entry("tenant_id", new ClaimsRequest.Requested(false, List.of("a", "b"))),
                Map.entry("updated_at", new ClaimsRequest.Requested(false, List.of(17L))));
    }

    @Test
    void unknownClaimsAndMembersAreIgnored() {
        ClaimsRequest request = ClaimsRequest.parse("""
                {"userinfo":{"shoe_size":{"essential":true},"name":{"purpose":"greeting"}},
                 "id_token":{"acr":{"values":["urn:mace:incommon:iap:silver"]}},"verified_claims":{"x":1}}""");

        assertThat(request.userinfo()).containsExactly(Map.entry("name", ClaimsRequest.Requested.ANY));
        // acr is OID's to answer (its values decide the level a sign-in needs), even with values OID does not issue
        assertThat(request.idToken()).containsExactly(Map.entry("acr",
                new ClaimsRequest.Requested(false, List.of("urn:mace:incommon:iap:silver"))));
        assertThat(ClaimsRequest.parse("{}")).isEqualTo(ClaimsRequest.NONE);
        assertThat(ClaimsRequest.NONE.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "[]", "null", "\"userinfo\"", "{\"userinfo\":{}} {}", "{\"userinfo\":{},\"userinfo\":{}}",
            "{\"userinfo\":{\"name\":null,\"name\":null}}", "{\"id_token\":[\"name\"]}", "{\"id_token\":null}",
            "{\"userinfo\":{\"name\":true}}", "{\"userinfo\":{\"name\":\"essential\"}}",
            "{\"userinfo\":{\"name\":{\"essential\":\"yes\"}}}", "{\"userinfo\":{\"name\":{\"values\":\"Ada\"}}}",
            "{\"userinfo\":{\"name\":{\"value\":{\"first\":\"Ada\"}}}}", "{\"userinfo\":{\"name\":{\"values\":[[\"Ada\"]]}}}",
            "{\"userinfo\":{\"name\":{\"value\":\"Ada\",\"values\":[\"Ada\"]}}}",
            "{\"userinfo\":{\"unknown\":{\"essential\":1}}}", "{\"userinfo\":{\"name\":{\"value\":null}}}",
            "{\"userinfo\":{\"updated_at\":{\"value\":1.5}}}", "{\"userinfo\":{\"updated_at\":{\"value\":1e400}}}",
            "{\"userinfo\":{\"updated_at\":{\"value\":123456789012345678901234567890}}}",
            "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{}}}}}}}}}}"})
    void anythingMalformedIsInvalidRequest(String parameter) {
        assertThatThrownBy(() -> ClaimsRequest.parse(parameter))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST);
                    assertThat(e.description()).startsWith("claims");
                });
    }

    @Test
    void aParameterLongerThanTheLimitIsInvalidRequest() {
        String padded = "{\"userinfo\":{\"name\":{\"values\":[\"" + "x".repeat(ClaimsRequest.MAX_LENGTH) + "\"]}}}";

        assertThatThrownBy(() -> ClaimsRequest.parse(padded)).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.description()).isEqualTo("claims is longer than 4096 characters"));
    }

    @Test
    void theStoredFormReadsBackAsTheSameRequestAndNoneIsStoredAsNull() {
        ClaimsRequest request = ClaimsRequest.parse("""
                {"id_token":{"name":null,"updated_at":{"essential":true,"value":17}},"userinfo":{"email":{"values":["a@b.c"]}}}""");

        assertThat(request.toJson()).isEqualTo("{\"id_token\":{\"name\":null,\"updated_at\":{\"essential\":true,\"values\":[17]}},"
                + "\"userinfo\":{\"email\":{\"values\":[\"a@b.c\"]}}}");
        assertThat(ClaimsRequest.fromStored(request.toJson())).isEqualTo(request);
        assertThat(ClaimsRequest.NONE.toJson()).isNull();
        assertThat(ClaimsRequest.fromStored(null)).isEqualTo(ClaimsRequest.NONE);
    }

    @Test
    void theUserinfoPartTravelsAsAnAccessTokenClaimAndBack() {
        ClaimsRequest request = ClaimsRequest.parse("{\"id_token\":{\"name\":null},\"userinfo\":{\"tenant_id\":{\"essential\":true},\"name\":null}}");

        assertThat(request.userinfoClaim()).containsEntry("tenant_id", Map.of("essential", true)).containsEntry("name", null);
        assertThat(ClaimsRequest.fromAccessTokenClaim(request.userinfoClaim()).userinfo()).isEqualTo(request.userinfo());
        assertThat(ClaimsRequest.fromAccessTokenClaim(request.userinfoClaim()).idToken()).isEmpty();
        assertThat(ClaimsRequest.fromAccessTokenClaim(null)).isEqualTo(ClaimsRequest.NONE);
    }

    @Test
    void aRequestedValueIsMetByAnEqualValueOfTheSameKind() {
        ClaimsRequest.Requested numbers = new ClaimsRequest.Requested(true, List.of(17L, 19L));
        ClaimsRequest.Requested text = new ClaimsRequest.Requested(false, List.of("true"));

        assertThat(numbers.accepts(17L)).isTrue();
        assertThat(numbers.accepts(19)).isTrue();
        assertThat(numbers.accepts(18L)).isFalse();
        assertThat(numbers.accepts("17")).isFalse();
        assertThat(text.accepts(true)).isFalse();
        assertThat(text.accepts("true")).isTrue();
        assertThat(ClaimsRequest.Requested.ANY.accepts("anything")).isTrue();
    }
}
