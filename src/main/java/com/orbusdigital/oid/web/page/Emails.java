package com.orbusdigital.oid.web.page;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Issue 17: OID's emails from the templates of {@code templates/email/}, as the pages are rendered
 * ({@link Pages}): one layout per form (HTML and plain text), a template per kind of message, every
 * word from the same message bundles ({@link BundleMessages}), in the reader's language. The HTML
 * form is escaped by Thymeleaf for where each value lands, as the pages are; the text form is
 * plain text (TEXT mode: nothing there is markup). The subject is the message
 * {@code email.<kind>.subject}, a single line by construction: CR and LF are removed from it and
 * from what it quotes, so no header can be added through a name.
 */
public final class Emails {

    /** The emails as OID sends them. */
    public static final Emails SERVED = new Emails();

    /**
     * Who the email speaks for, and how it looks (issue 17, item 8): the tenant's display name, and
     * its logo and accent colour when it set them. The HTML form reads them through the layout of
     * {@code templates/email/layout.html}; the text form names the sender only.
     *
     * <p>The logo is the absolute URL OID serves it at ({@code <issuer>/branding/<tenant>/logo?v=<sha256>}),
     * not a {@code cid:} part: the outbox and the mail topic carry the message as its two forms, which
     * stay self-contained and small, and the URL is the same for every recipient (nothing in it tells
     * who opened which email). A reader whose mail client blocks remote images sees the display name
     * as its alternative text. The colour, {@code #rrggbb} checked here, lands in inline style
     * attributes: mail clients drop {@code <style>} elements, and no CSP governs an email.
     *
     * @param logoUrl     an absolute http(s) URL, without spaces or quotes
     * @param accentColor #rrggbb, lowercase
     */
    public record Brand(String displayName, Optional<String> logoUrl, Optional<String> accentColor) {

        private static final Pattern LOGO_URL = Pattern.compile("https?://[^\\s\"'<>\\\\]+");

        public Brand {
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(logoUrl, "logoUrl");
            logoUrl.filter(url -> !LOGO_URL.matcher(url).matches()).ifPresent(url -> {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            });
            AccentTheme.requireColor(accentColor);
        }

        /** OID's own look, with the tenant's name. */
        public Brand(String displayName) {
            this(displayName, Optional.empty(), Optional.empty());
        }

        /** The logo's URL, or null: what the layout reads. */
        public String logo() {
            return logoUrl.orElse(null);
        }

        /** The accent colour, or null for OID's own look. */
        public String accent() {
            return accentColor.orElse(null);
        }

        /** The colour of text on the accent colour (white or near-black, whichever contrasts more), or null. */
        public String onAccent() {
            return accentColor.map(AccentTheme::onAccent).orElse(null);
        }
    }

    /** A message rendered: its subject, its text and its HTML, in one language. */
    public record Rendered(String subject, String text, String html) {
        @Override
        public String toString() {
            return "Rendered[" + subject.length() + " characters of subject]"; // the text may carry a link's secret
        }
    }

    private final TemplateEngine html;
    private final TemplateEngine text;

    private Emails() {
        this.html = engine(TemplateMode.HTML, ".html");
        this.text = engine(TemplateMode.TEXT, ".txt");
    }

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver(Emails.class.getClassLoader());
        templates.setPrefix("templates/email/");
        templates.setSuffix(suffix);
        templates.setTemplateMode(mode);
        templates.setCharacterEncoding("UTF-8");
        templates.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(templates);
        engine.setMessageResolver(new BundleMessages());
        return engine;
    }

    /**
     * Renders the message of this kind ({@code templates/email/<kind>.html} and {@code .txt}).
     *
     * @param kind  e.g. {@code password-reset}; its subject is the message {@code email.<kind>.subject}
     * @param model the values the templates read; {@code brand} is added
     */
    public Rendered render(String kind, Language language, Brand brand, Map<String, Object> model) {
        Map<String, Object> values = new HashMap<>(model);
        values.put("brand", brand);
        values.put("language", language.tag());
        Context context = new Context(language.locale(), values);
        String subject = BundleMessages.resolve(language.locale(), "email." + kind + ".subject", new Object[] {oneLine(brand.displayName())});
        if (subject == null) {
            throw new IllegalArgumentException("no subject for the email " + kind);
        }
        return new Rendered(oneLine(subject), text.process(kind, context), html.process(kind, context));
    }

    /** The text on one line: CR, LF and the other line breaks become spaces. */
    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ").strip();
    }
}
