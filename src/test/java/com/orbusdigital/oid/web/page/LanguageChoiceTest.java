package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ui_locales, then the user's pick (lang, else the cookie), then Accept-Language, then the tenant, then English. */
class LanguageChoiceTest {

    private static final Optional<Language> NO_TENANT = Optional.empty();

    private static Language choose(String uiLocales, String lang, String cookie, String acceptLanguage, Optional<Language> tenant) {
        return LanguageChoice.of(Optional.ofNullable(uiLocales), Optional.ofNullable(lang), Optional.ofNullable(cookie), acceptLanguage)
                .resolve(tenant);
    }

    @Test
    void withNothingToGoByItIsEnglish() {
        assertThat(choose(null, null, null, null, NO_TENANT)).isEqualTo(Language.ENGLISH);
    }

    @Test
    void uiLocalesWinsAndItsFirstSupportedTagCounts() {
        assertThat(choose("fr", "en", "en", "en", Optional.of(Language.ENGLISH))).isEqualTo(Language.FRENCH);
        assertThat(choose("de-AT  fr-CA en", null, null, "en", NO_TENANT)).isEqualTo(Language.FRENCH);
        assertThat(choose("EN fr", null, null, "fr", NO_TENANT)).isEqualTo(Language.ENGLISH);
        assertThat(choose("de ja", null, null, "fr", NO_TENANT)).as("none supported: the next rule").isEqualTo(Language.FRENCH);
    }

    @Test
    void theUsersPickComesNextTheSwitchsParameterBeforeItsCookie() {
        assertThat(choose(null, "fr", "en", "en", NO_TENANT)).isEqualTo(Language.FRENCH);
        assertThat(choose(null, null, "fr", "en", NO_TENANT)).isEqualTo(Language.FRENCH);
        assertThat(choose(null, "xx", "fr", "en", NO_TENANT)).as("an unknown lang is no pick").isEqualTo(Language.FRENCH);
        assertThat(LanguageChoice.of(Optional.empty(), Optional.of("fr"), Optional.empty(), null).pickedNow()).isTrue();
        assertThat(LanguageChoice.of(Optional.empty(), Optional.of("xx"), Optional.of("fr"), null).pickedNow()).isFalse();
        assertThat(LanguageChoice.of(Optional.empty(), Optional.empty(), Optional.of("fr"), null).pickedNow()).isFalse();
    }

    @Test
    void acceptLanguageIsReadByQualityValue() {
        assertThat(choose(null, null, null, "en;q=0.4, fr;q=0.8", NO_TENANT)).isEqualTo(Language.FRENCH);
        assertThat(choose(null, null, null, "de-DE, fr-CH;q=0.9, en;q=0.8", NO_TENANT)).isEqualTo(Language.FRENCH);
        assertThat(choose(null, null, null, "fr;q=0, en;q=0.1", NO_TENANT)).as("q=0 is a refusal").isEqualTo(Language.ENGLISH);
        assertThat(choose(null, null, null, "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", NO_TENANT)).isEqualTo(Language.FRENCH);
    }

    @Test
    void theTenantsDefaultServesWhenNeitherClientUserNorBrowserChose() {
        assertThat(choose(null, null, null, null, Optional.of(Language.FRENCH))).isEqualTo(Language.FRENCH);
        assertThat(choose(null, null, null, "*", Optional.of(Language.FRENCH))).as("any language").isEqualTo(Language.FRENCH);
        assertThat(choose(null, null, null, "de, ja;q=0.5", Optional.of(Language.FRENCH))).isEqualTo(Language.FRENCH);
        assertThat(choose(null, null, null, "en", Optional.of(Language.FRENCH))).isEqualTo(Language.ENGLISH);
    }

    @Test
    void aMalformedAcceptLanguageCountsAsAbsent() {
        assertThat(choose(null, null, null, "fr;q=abc,,;", Optional.of(Language.FRENCH))).isEqualTo(Language.FRENCH);
        assertThat(choose(null, null, null, "\u0000", NO_TENANT)).isEqualTo(Language.ENGLISH);
    }
}
