package com.orbusdigital.oid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandardClaimsTest {

    private static StandardClaims.Edit edit(Object... pairs) {
        Map<String, Optional<Object>> claims = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], Optional.ofNullable(pairs[i + 1]));
        }
        return new StandardClaims.Edit(claims);
    }

    @Test
    void anEditSetsAndRemovesClaimsAndTheJsonReadsBackTheSame() {
        StandardClaims claims = StandardClaims.NONE.with(edit("zoneinfo", "Europe/Paris", "given_name", "Ada",
                "address", Map.of("locality", "London", "country", "United Kingdom")));

        assertThat(claims.values()).containsOnlyKeys("given_name", "zoneinfo", "address");
        assertThat(claims.values().keySet()).as("in the order of the names").containsExactly("given_name", "zoneinfo", "address");
        assertThat(claims.toJson()).isEqualTo("{\"given_name\":\"Ada\",\"zoneinfo\":\"Europe/Paris\","
                + "\"address\":{\"locality\":\"London\",\"country\":\"United Kingdom\"}}");
        assertThat(StandardClaims.fromJson(claims.toJson())).isEqualTo(claims);
        StandardClaims fewer = claims.with(edit("given_name", null, "address", null));
        assertThat(fewer.values()).containsOnlyKeys("zoneinfo");
        assertThat(fewer.changedFrom(claims)).containsExactly("given_name", "address");
        assertThat(StandardClaims.NONE.toJson()).isNull();
        assertThat(StandardClaims.fromJson(null)).isEqualTo(StandardClaims.NONE);
    }

    @Test
    void aNewPhoneNumberIsNotVerifiedUnlessTheSameEditSaysSo() {
        StandardClaims verified = StandardClaims.NONE.with(edit("phone_number", "+33123456789", "phone_number_verified", true));
        assertThat(verified.phoneNumberVerified()).contains(true);

        assertThat(verified.with(edit("phone_number", "+33123456789")).phoneNumberVerified()).as("the same number").contains(true);
        assertThat(verified.with(edit("phone_number", "+33987654321")).phoneNumberVerified()).isEmpty();
        assertThat(verified.with(edit("phone_number", "+33987654321", "phone_number_verified", true)).phoneNumberVerified()).contains(true);
        assertThat(verified.with(edit("phone_number", null)).values()).as("nothing left to have verified").isEmpty();
        assertThat(StandardClaims.NONE.with(edit("phone_number_verified", true)).values()).isEmpty();
    }

    @Test
    void usersMayEditTheirNameAndTheProfileByDefaultAndNeverEmailOrAVerification() {
        assertThat(StandardClaims.DEFAULT_SELF_EDITABLE).containsExactly("name", "given_name", "family_name", "middle_name", "nickname",
                "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale");
        assertThat(StandardClaims.SELF_EDITABLE).contains("phone_number", "address")
                .doesNotContain("email", "email_verified", "phone_number_verified", "preferred_username");
        assertThat(StandardClaims.NAMES).hasSize(14).containsAll(List.of("phone_number_verified", "address"));
    }
}
