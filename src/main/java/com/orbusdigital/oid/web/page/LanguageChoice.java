package com.orbusdigital.oid.web.page;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request says about the language its page should speak, strongest first: the client's
 * {@code ui_locales} (OIDC Core §3.1.2.1, space-separated BCP 47 tags, the first OID speaks wins),
 * the user's own pick (the page's language switch: its {@code lang} parameter, else the cookie it
 * set), the browser's {@code Accept-Language} (by quality value), then the tenant's default, then
 * English. The switch leaves {@code ui_locales} out of the request it repeats, so a user's pick
 * holds even where the client asked for another language.
 *
 * @param picked    the {@code lang} parameter of this request, else the language cookie
 * @param pickedNow whether this request carries the pick ({@code lang}), so the cookie is to be set
 */
public record LanguageChoice(Optional<Language> requested, Optional<Language> picked, boolean pickedNow,
                             Optional<Language> accepted) {

    public static final LanguageChoice NONE = new LanguageChoice(Optional.empty(), Optional.empty(), false, Optional.empty());

    /**
     * @param uiLocales      the {@code ui_locales} parameter
     * @param lang           the {@code lang} parameter of the language switch
     * @param cookie         the language cookie's value
     * @param acceptLanguage the {@code Accept-Language} header(s), null when absent
     */
    public static LanguageChoice of(Optional<String> uiLocales, Optional<String> lang, Optional<String> cookie,
                                    String acceptLanguage) {
        Optional<Language> pick = lang.flatMap(Language::of);
        return new LanguageChoice(uiLocales.flatMap(LanguageChoice::firstSupported), pick.or(() -> cookie.flatMap(Language::of)),
                pick.isPresent(), accepted(acceptLanguage));
    }

    /** The language of the page, given what the tenant (when known) prefers. */
    public Language resolve(Optional<Language> tenantDefault) {
        return requested.or(() -> picked).or(() -> accepted).or(() -> tenantDefault).orElse(Language.DEFAULT);
    }

    private static Optional<Language> firstSupported(String uiLocales) {
        return Arrays.stream(uiLocales.split(" ")).filter(tag -> !tag.isEmpty()).map(Language::of)
                .flatMap(Optional::stream).findFirst();
    }

    /**
     * RFC 9110 §12.5.4: the ranges by descending quality; q=0 means "not this one", and {@code *}
     * (any language) leaves the choice to the tenant. A header that does not parse counts as absent.
     */
    static Optional<Language> accepted(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Optional.empty();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return ranges.stream() // sorted by weight, the header's order among equals
                .filter(range -> range.getWeight() > 0 && !range.getRange().equals("*"))
                .map(range -> Language.of(range.getRange()))
                .flatMap(Optional::stream).findFirst();
    }
}
