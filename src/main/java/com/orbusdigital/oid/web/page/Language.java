package com.orbusdigital.oid.web.page;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The languages OID's pages speak; English is the default and the language of every message given to clients. */
public enum Language {
    ENGLISH("en"),
    FRENCH("fr");

    public static final Language DEFAULT = ENGLISH;

    private final String tag;
    private final Locale locale;

    Language(String tag) {
        this.tag = tag;
        this.locale = Locale.forLanguageTag(tag);
    }

    /** The BCP 47 tag: {@code lang} of the pages, {@code ui_locales_supported} in discovery, the tenants' {@code default_language}. */
    public String tag() {
        return tag;
    }

    public Locale locale() {
        return locale;
    }

    /** Every tag, in declaration order. */
    public static List<String> tags() {
        return Arrays.stream(values()).map(Language::tag).toList();
    }

    /** The language a tag or language range names by its primary subtag ({@code fr}, {@code fr-CA}, {@code FR}); empty for any other. */
    public static Optional<Language> of(String tag) {
        int dash = tag.indexOf('-');
        String primary = dash < 0 ? tag : tag.substring(0, dash);
        for (Language language : values()) {
            if (language.tag.equalsIgnoreCase(primary)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
