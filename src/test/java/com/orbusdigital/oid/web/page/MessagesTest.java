package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The message bundles: every language complete, every message a pattern that formats, markup only where allowed. */
class MessagesTest {

    @Test
    void frenchHasExactlyTheKeysOfEnglish() throws IOException {
        Properties english = bundle("i18n/messages.properties");
        Properties french = bundle("i18n/messages_fr.properties");

        assertThat(english).isNotEmpty();
        assertThat(french.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        for (String key : english.stringPropertyNames()) {
            assertThat(french.getProperty(key)).as(key).isNotBlank();
        }
    }

    @Test
    void everyMessageIsAPatternWithoutAPlainApostrophe() throws IOException {
        for (String file : new String[] {"i18n/messages.properties", "i18n/messages_fr.properties"}) {
            Properties messages = bundle(file);
            for (String key : messages.stringPropertyNames()) {
                String message = messages.getProperty(key);
                // a plain ' quotes in MessageFormat: it would vanish, or swallow the placeholder after it
                assertThat(message).as(file + " " + key).doesNotContain("'");
                assertThat(new MessageFormat(message, Locale.ROOT).format(new Object[] {2, 2})).as(file + " " + key).isNotBlank();
            }
        }
    }

    @Test
    void aFrenchReaderGetsFrenchAndAnEnglishOneEnglishWhateverTheServersLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.FRENCH);
            assertThat(BundleMessages.resolve(Locale.ENGLISH, "login.heading", null)).isEqualTo("Sign in");
            assertThat(BundleMessages.resolve(Locale.FRENCH, "login.heading", null)).isEqualTo("Connexion");
            assertThat(BundleMessages.resolve(Locale.forLanguageTag("fr-CA"), "login.heading", null)).isEqualTo("Connexion");
            assertThat(BundleMessages.resolve(Locale.ENGLISH, "no.such.key", null)).isNull();
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void markupMessagesEscapeTheirArgumentsAndOthersLeaveThatToTheTemplate() {
        assertThat(BundleMessages.resolve(Locale.ENGLISH, "login.lede_html", new Object[] {"<i>A & B</i>"}))
                .isEqualTo("to continue to <strong>&lt;i&gt;A &amp; B&lt;/i&gt;</strong>");
        assertThat(BundleMessages.resolve(Locale.ENGLISH, "login.title", new Object[] {"<i>"})).isEqualTo("Sign in to <i>");
    }

    /** th:utext writes a message unescaped: only a _html message, whose arguments the resolver escapes, may be. */
    @ParameterizedTest
    @ValueSource(strings = {"layout", "parts", "login", "error", "signed-out", "confirm-logout", "step-passkey"})
    void templatesWriteUnescapedOnlyMarkupMessages(String template) throws IOException {
        String html = resource("templates/" + template + ".html");
        Matcher unescaped = Pattern.compile("th:utext=\"([^\"]*)\"").matcher(html);
        while (unescaped.find()) {
            assertThat(unescaped.group(1)).as(template).matches("#\\{[a-z_.]+_html\\(\\$\\{[A-Za-z]+}\\)}");
        }
        // issue 16: the layout's one script element, a file of /assets/ the page names (no inline script)
        html = html.replace("<script th:if=\"${script}\" th:src=\"${script}\" defer></script>", "");
        assertThat(html).doesNotContain("th:inline").doesNotContainIgnoringCase("<script").doesNotContain("style=");
    }

    private static Properties bundle(String path) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
