package com.orbusdigital.oid.web.page;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
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
     * Who the email speaks for: the seam where a tenant's branding (issue 17, the branding part)
     * adds its logo, colour and signature; today its display name.
     */
    public record Brand(String displayName) {
        public Brand {
            Objects.requireNonNull(displayName, "displayName");
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
