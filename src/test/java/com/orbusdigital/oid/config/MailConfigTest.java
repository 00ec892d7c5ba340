package com.orbusdigital.oid.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17: OID_SMTP_URL, OID_SMTP_REQUIRE_STARTTLS, OID_SMTP_FROM and OID_MAIL_TOPIC, read and checked once. */
class MailConfigTest {

    private static OidConfig.Mail mail(String... settings) {
        Map<String, String> values = new HashMap<>(Map.of("JWT_ISSUER", "https://oid.example.com",
                "DATABASE_URL", "postgres://ods:pw@db:5432/ods"));
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return OidConfig.load(ConfigSource.of(values), false).mail();
    }

    @Test
    void withoutSettingsMessagesGoToTheMailTopicFromTheIssuersHost() {
        OidConfig.Mail mail = mail();

        assertThat(mail.smtp()).isEmpty();
        assertThat(mail.requireStartTls()).isFalse();
        assertThat(mail.from()).isEqualTo("no-reply@oid.example.com");
        assertThat(mail.topic()).isEqualTo("oid.mail");
    }

    @Test
    void smtpsIsTlsFromTheStartAndSmtpUpgradesWithStartTls() {
        SmtpUrl tls = mail("OID_SMTP_URL", "smtps://mailer:s%40cret%3Aword@smtp.example.com").smtp().orElseThrow();
        assertThat(tls.implicitTls()).isTrue();
        assertThat(tls.host()).isEqualTo("smtp.example.com");
        assertThat(tls.port()).isEqualTo(465);
        assertThat(tls.user()).contains("mailer");
        assertThat(tls.password().orElseThrow().reveal()).isEqualTo("s@cret:word");

        OidConfig.Mail startTls = mail("OID_SMTP_URL", "smtp://relay.internal:2525", "OID_SMTP_REQUIRE_STARTTLS", "true",
                "OID_SMTP_FROM", "Acme accounts <accounts@acme.example>", "OID_MAIL_TOPIC", "notifications.mail");
        assertThat(startTls.smtp().orElseThrow().implicitTls()).isFalse();
        assertThat(startTls.smtp().orElseThrow().port()).isEqualTo(2525);
        assertThat(startTls.smtp().orElseThrow().user()).isEmpty();
        assertThat(startTls.requireStartTls()).isTrue();
        assertThat(startTls.from()).isEqualTo("Acme accounts <accounts@acme.example>");
        assertThat(startTls.topic()).isEqualTo("notifications.mail");
        assertThat(mail("OID_SMTP_URL", "smtp://relay.internal").smtp().orElseThrow().port()).isEqualTo(587);
    }

    @Test
    void thePasswordInTheUrlIsNeverPrintedNorRepeatedInAnError() {
        OidConfig config = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example.com",
                "DATABASE_URL", "postgres://ods:pw@db:5432/ods", "OID_SMTP_URL", "smtps://mailer:hunter2-secret@smtp.example.com:465")), false);

        assertThat(config.mail().smtp().orElseThrow()).hasToString("smtps://mailer:********@smtp.example.com:465");
        assertThat(config.toString()).doesNotContain("hunter2-secret");
        assertThatThrownBy(() -> mail("OID_SMTP_URL", "smtps://mailer:hunter2 secret@smtp.example.com"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("OID_SMTP_URL ").message().doesNotContain("hunter2");
        assertThatThrownBy(() -> mail("OID_SMTP_URL", "smtps://mailer:hunter2@smtp.example.com:hunter2"))
                .isInstanceOf(ConfigException.class).message().doesNotContain("hunter2");
    }

    @Test
    void whatCannotWorkStopsTheStartNamingTheVariable() {
        for (String url : new String[] {"http://smtp.example.com", "smtp://", "smtp://smtp.example.com/path", "smtp://smtp.example.com?x=1",
                "smtp://smtp.example.com:0", "smtp://smtp.example.com:70000", "smtp://bad host"}) {
            assertThatThrownBy(() -> mail("OID_SMTP_URL", url)).as(url).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("OID_SMTP_URL ");
        }
        for (String from : new String[] {"not an address", "a@example.com, b@example.com", "a@example.com\r\nBcc: x@example.com",
                "\"Acme\" <a@example.com>\nX: y"}) {
            assertThatThrownBy(() -> mail("OID_SMTP_FROM", from)).as(from).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("OID_SMTP_FROM ").message().doesNotContain("\n");
        }
        assertThatThrownBy(() -> mail("OID_SMTP_REQUIRE_STARTTLS", "maybe")).hasMessageStartingWith("OID_SMTP_REQUIRE_STARTTLS ");
        assertThatThrownBy(() -> mail("OID_MAIL_TOPIC", "no spaces")).hasMessageStartingWith("OID_MAIL_TOPIC ");
        assertThatThrownBy(() -> mail("OID_MAIL_TOPIC", "oid.events")).hasMessageStartingWith("OID_MAIL_TOPIC ")
                .hasMessageContaining("must not be REDPANDA_TOPIC");
    }
}
