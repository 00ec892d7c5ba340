package com.orbusdigital.oid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClaimRulesTest {

    private static Optional<String> stored(String claim, String value) {
        return ClaimRules.check(claim, value).value();
    }

    private static String problem(String claim, String value) {
        return ClaimRules.check(claim, value).problem().map(ClaimRules.Problem::code).orElse("none");
    }

    @ParameterizedTest
    @CsvSource({"1815", "1815-12-10", "0000-12-10", "0000-02-29", "2000-02-29"})
    void birthdateTakesAYearADateOrADayOfTheYear(String birthdate) {
        assertThat(stored("birthdate", birthdate)).contains(birthdate);
    }

    @ParameterizedTest
    @CsvSource({"0000", "1990-02-30", "1991-02-29", "1990-13-01", "0000-02-30", "90", "1990-1-1", "1990/01/01", "12-10-1815", "1815-1210", "+1815"})
    void birthdateRefusesWhatIsNoRealDate(String birthdate) {
        assertThat(problem("birthdate", birthdate)).isEqualTo("birthdate");
    }

    @Test
    void picturesAndWebsitesAreHttpsOrHttpUrlsWithAHost() {
        assertThat(stored("picture", "https://pictures.example/ada.png?size=64")).isPresent();
        assertThat(stored("website", "http://ada.example/")).isPresent();
        assertThat(stored("website", "HTTPS://ADA.EXAMPLE")).isPresent();
        for (String bad : new String[] {"javascript:alert(1)", "JavaScript:alert(1)", "data:image/png;base64,AAAA", "ftp://files.example/",
                "//ada.example/", "/ada.png", "https://", "https://user:secret@ada.example/", "https://ada.example/a b", "<script>"}) {
            assertThat(problem("picture", bad)).as(bad).isEqualTo("url");
        }
    }

    @Test
    void zonesAreTheIanaDatabasesAndLocalesWellFormedBcp47Tags() {
        assertThat(stored("zoneinfo", "Europe/Paris")).contains("Europe/Paris");
        assertThat(stored("zoneinfo", "America/Argentina/Buenos_Aires")).isPresent();
        assertThat(problem("zoneinfo", "Europe/Londres")).isEqualTo("zoneinfo");
        assertThat(problem("zoneinfo", "+01:00")).isEqualTo("zoneinfo");
        assertThat(stored("locale", "en-US")).contains("en-US");
        assertThat(stored("locale", "fr")).contains("fr");
        assertThat(stored("locale", "zh-Hant-TW")).isPresent();
        assertThat(problem("locale", "fr_CA")).isEqualTo("locale");
        assertThat(problem("locale", "english please")).isEqualTo("locale");
    }

    @Test
    void phoneNumbersAreE164WithAnOptionalExtensionStoredWithoutSeparators() {
        assertThat(stored("phone_number", "+33 1 23 45 67 89")).contains("+33123456789");
        assertThat(stored("phone_number", "+1 (604) 555-1234;ext=5678")).contains("+16045551234;ext=5678");
        assertThat(stored("phone_number", "+44.20.7946.0958")).contains("+442079460958");
        assertThat(problem("phone_number", "01 23 45 67 89")).as("no country code").isEqualTo("phone");
        assertThat(problem("phone_number", "+0123456")).isEqualTo("phone");
        assertThat(problem("phone_number", "+1234567890123456")).as("16 digits").isEqualTo("phone");
        assertThat(problem("phone_number", "+33 1 23 45 67 8a")).isEqualTo("phone");
    }

    @Test
    void textIsBoundedAndHasNoControlCharactersButAnAddressMaySpanLines() {
        assertThat(stored("given_name", "Ada <b>Augusta</b>")).as("HTML is text: escaped where it is shown").contains("Ada <b>Augusta</b>");
        assertThat(stored("given_name", "é".repeat(200))).isPresent();
        assertThat(problem("given_name", "é".repeat(201))).isEqualTo("too_long");
        assertThat(problem("gender", "g".repeat(65))).isEqualTo("too_long");
        assertThat(problem("nickname", "a\u0000b")).isEqualTo("control");
        assertThat(problem("nickname", "a\nb")).isEqualTo("control");
        assertThat(problem("nickname", "a\u0085b")).as("C1 controls too").isEqualTo("control");
        assertThat(problem("family_name", "\ud800")).as("an unpaired surrogate").isEqualTo("control");
        assertThat(stored("formatted", "12 St James's Square\r\nLondon")).contains("12 St James's Square\nLondon");
        assertThat(problem("locality", "London\nUK")).isEqualTo("control");
        assertThat(ClaimRules.check("birthdate", "1990-02-30").problem().orElseThrow().message()).contains("YYYY-MM-DD");
    }

    @Test
    void everyClaimAndAddressPartHasItsBound() {
        Map<String, Integer> some = Map.of("name", 200, "picture", 2048, "gender", 64, "locale", 35, "postal_code", 20, "formatted", 500);
        some.forEach((claim, max) -> assertThat(ClaimRules.maxLength(claim)).as(claim).isEqualTo(max));
    }
}
