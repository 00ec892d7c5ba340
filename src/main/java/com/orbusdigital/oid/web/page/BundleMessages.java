package com.orbusdigital.oid.web.page;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;

/**
 * The pages' words: {@code i18n/messages.properties} (English) and one sibling per language
 * ({@code messages_fr.properties}), read as UTF-8, never falling back to the JVM's default locale
 * (a French server must still answer English to an English reader). Every message is a
 * {@link MessageFormat} pattern, so an apostrophe is written as the typographic ’ (a plain ' would
 * quote). Keys ending in {@code _html} hold markup of our own (a {@code <strong>} around a name):
 * their arguments are HTML-escaped here, and only they may be written with {@code th:utext}.
 */
final class BundleMessages implements IMessageResolver {

    static final String BUNDLE = "i18n/messages";
    static final String MARKUP_SUFFIX = "_html";
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);

    @Override
    public String getName() {
        return "oid-messages";
    }

    @Override
    public Integer getOrder() {
        return 0;
    }

    @Override
    public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] parameters) {
        return resolve(context.getLocale(), key, parameters);
    }

    /** A missing key must show in tests, not hide: Thymeleaf writes this instead of the message. */
    @Override
    public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key, Object[] parameters) {
        return "??" + key + "_" + context.getLocale() + "??";
    }

    /** The message in the locale's language, or null when the bundle has no such key. */
    static String resolve(Locale locale, String key, Object[] parameters) {
        ResourceBundle bundle = bundle(locale);
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException missing) {
            return null;
        }
        Object[] arguments = parameters == null ? new Object[0] : parameters;
        if (key.endsWith(MARKUP_SUFFIX)) {
            arguments = Arrays.stream(arguments).map(argument -> argument instanceof Number ? argument : Html.escape(String.valueOf(argument)))
                    .toArray();
        }
        return new MessageFormat(pattern, locale).format(arguments);
    }

    static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, BundleMessages.class.getClassLoader(), NO_FALLBACK);
    }
}
