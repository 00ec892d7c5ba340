package com.orbusdigital.oid.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.web.page.Emails;
import com.orbusdigital.oid.web.page.Language;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the emails as they are rendered, checked, sealed and written for SMTP — escaped,
 * one-line subjects, one recipient, a stable Message-ID — and when a failed one is tried again.
 */
class MailMessagesTest {

    private static final UUID TENANT = UUID.fromString("0b6c0000-0000-4000-8000-000000000001");
    private static final String LINK = "https://oid.example.com/login/password/reset?token=abc&ui_locales=fr";

    private static Emails.Rendered render(Language language, String brand, String name) {
        return Emails.SERVED.render("password-reset", language, new Emails.Brand(brand), Map.of("name", name, "link", LINK, "minutes", 15L));
    }

    private static OutgoingMail mail(String to, String subject) {
        return new OutgoingMail("m-1@oid.example.com", TENANT, "password-reset", to, "en", subject, "text", "<p>html</p>");
    }

    @Test
    void theResetEmailIsWrittenInTheReadersLanguageWithEveryNameEscaped() {
        Emails.Rendered english = render(Language.ENGLISH, "Acme", "<script>alert(1)</script> & Ada");
        assertThat(english.subject()).isEqualTo("Reset your Acme password");
        assertThat(english.text()).contains("Hello <script>alert(1)</script> & Ada,", LINK, "for 15 minutes");
        assertThat(english.html()).contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; Ada,")
                .contains("href=\"https://oid.example.com/login/password/reset?token=abc&amp;ui_locales=fr\"")
                .doesNotContain("<script>");

        Emails.Rendered french = render(Language.FRENCH, "Acme", "Ada");
        assertThat(french.subject()).isEqualTo("Réinitialisez votre mot de passe Acme");
        assertThat(french.text()).contains("Bonjour Ada,", "pendant 15 minutes");
        assertThat(french.html()).contains("lang=\"fr\"", "Choisir un nouveau mot de passe");
        assertThat(english.toString()).doesNotContain("token");
    }

    @Test
    void noHeaderCanBeAddedThroughABrandASubjectOrAnAddress() {
        Emails.Rendered rendered = render(Language.ENGLISH, "Acme\r\nBcc: everyone@example.com", "Ada");
        assertThat(rendered.subject()).isEqualTo("Reset your Acme Bcc: everyone@example.com password").doesNotContain("\r", "\n");

        for (String to : new String[] {"ada@example.com\r\nBcc: x@example.com", "ada@example.com, eve@example.com", "not-an-address",
                "", "a".repeat(400) + "@example.com"}) {
            assertThatThrownBy(() -> mail(to, "Subject")).as(to).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> mail("ada@example.com", "Subject\r\nBcc: x@example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThat(mail("Ada <Ada@Example.COM>", "Subject").recipientDomain()).isEqualTo("example.com");
        assertThat(mail("ada@example.com", "Subject")).hasToString("OutgoingMail[password-reset m-1@oid.example.com]");
    }

    @Test
    void anSmtpMessageIsTextAndHtmlUnderTheRowsOwnMessageId() throws Exception {
        SmtpTransport transport = new SmtpTransport(com.orbusdigital.oid.config.SmtpUrl.parse("smtp://127.0.0.1:2525"), true,
                "Acme <no-reply@acme.example>", Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
        OutgoingMail outgoing = new OutgoingMail("4e1f@oid.example.com", TENANT, "password-reset", "ada@example.com", "fr",
                "Réinitialisez votre mot de passe", "le texte", "<p>le HTML</p>");

        MimeMessage message = transport.message(outgoing);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        message.writeTo(wire);

        assertThat(message.getMessageID()).isEqualTo("<4e1f@oid.example.com>");
        assertThat(transport.message(outgoing).getMessageID()).isEqualTo("<4e1f@oid.example.com>");
        assertThat(message.getSubject()).isEqualTo("Réinitialisez votre mot de passe");
        assertThat(message.getHeader("Content-Language", null)).isEqualTo("fr");
        assertThat(message.getFrom()[0].toString()).isEqualTo("Acme <no-reply@acme.example>");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(wire.toString(StandardCharsets.US_ASCII)).contains("Message-ID: <4e1f@oid.example.com>");
    }

    @Test
    void aReplyOf5xxIsPermanentAndAnythingElseIsTriedAgain() {
        assertThat(SmtpTransport.classify(new org.eclipse.angus.mail.smtp.SMTPSendFailedException("DATA", 550, "550 no such user",
                null, null, null, null))).satisfies(failure -> {
                    assertThat(failure.permanent()).isTrue();
                    assertThat(failure.reason()).isEqualTo("550");
                });
        assertThat(SmtpTransport.classify(new org.eclipse.angus.mail.smtp.SMTPSendFailedException("DATA", 451, "451 try later",
                null, null, null, null)).permanent()).isFalse();
        assertThat(SmtpTransport.classify(new jakarta.mail.MessagingException("connect", new java.net.ConnectException("refused"))))
                .satisfies(failure -> assertThat(failure.reason()).isEqualTo("unreachable"));
    }

    @Test
    void failuresAreTriedAgainLaterAndLaterUpToALimitThenGivenUp() {
        assertThat(Backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(Backoff.after(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(Backoff.after(9)).isEqualTo(Duration.ofMinutes(30));
        assertThat(Backoff.after(1000)).isEqualTo(Duration.ofMinutes(30));

        MailFailure refused = new MailFailure(true, "550");
        assertThat(Backoff.givesUp(refused, 1, Duration.ZERO)).isFalse();
        assertThat(Backoff.givesUp(refused, 3, Duration.ZERO)).isTrue();
        MailFailure away = new MailFailure(false, "unreachable");
        assertThat(Backoff.givesUp(away, 50, Duration.ofHours(23))).isFalse();
        assertThat(Backoff.givesUp(away, 50, Duration.ofHours(24))).isTrue();
    }

    @Test
    void aSealedMessageOpensOnlyInItsOwnRowAndUnderItsOwnKey() {
        byte[] key = new byte[32];
        key[0] = 1;
        MailSeal seal = new MailSeal(key);
        OutgoingMail outgoing = mail("ada@example.com", "Subject");

        byte[] sealed = seal.seal(outgoing);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("ada@example.com", "Subject");
        assertThat(seal.open("m-1@oid.example.com", sealed)).isEqualTo(outgoing);
        assertThatThrownBy(() -> seal.open("m-2@oid.example.com", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new MailSeal(new byte[32]).open("m-1@oid.example.com", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTopicCarriesTheDocumentedFieldsUnderAnIdStableAcrossAttempts() throws Exception {
        TopicTransport topic = new TopicTransport(new com.orbusdigital.oid.event.InMemoryEventBus(), "https://oid.example.com",
                Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
        OutgoingMail outgoing = mail("ada@example.com", "Subject");

        var event = topic.event(outgoing);
        assertThat(topic.event(outgoing).id()).isEqualTo(event.id());
        assertThat(event.type()).isEqualTo("oid.email.message");
        assertThat(event.tenantId()).isEqualTo(TENANT.toString());
        assertThat(event.json()).contains("""
                "data":{"message_id":"m-1@oid.example.com","tenant_id":"%s","kind":"password-reset","to":"ada@example.com",\
                "locale":"en","subject":"Subject","text":"text","html":"<p>html</p>"}""".formatted(TENANT));
    }
}
