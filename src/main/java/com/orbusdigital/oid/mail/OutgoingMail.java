package com.orbusdigital.oid.mail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.orbusdigital.oid.config.MailAddresses;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One email as it waits in the outbox (sealed) and as it is published on OID_MAIL_TOPIC when there
 * is no SMTP server: exactly these fields, in this order (docs/email.md). The recipient is one
 * strictly checked address and the subject one line, so neither can add a header.
 *
 * @param messageId the Message-ID, without angle brackets: the same for every attempt
 * @param kind      what it is, e.g. {@code password_reset}
 * @param to        one address, RFC 822 strict, no control character
 * @param locale    the language it is written in ({@code en}, {@code fr})
 * @param text      the plain-text form
 * @param html      the HTML form (the same words)
 */
@JsonPropertyOrder({"message_id", "tenant_id", "kind", "to", "locale", "subject", "text", "html"})
public record OutgoingMail(
        @JsonProperty("message_id") String messageId,
        @JsonProperty("tenant_id") UUID tenantId,
        @JsonProperty("kind") String kind,
        @JsonProperty("to") String to,
        @JsonProperty("locale") String locale,
        @JsonProperty("subject") String subject,
        @JsonProperty("text") String text,
        @JsonProperty("html") String html) {

    public OutgoingMail {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        if (!MailAddresses.isValid(to)) {
            throw new IllegalArgumentException("not one valid email address");
        }
        if (subject == null || subject.isBlank() || subject.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a subject must be one line of text");
        }
        Objects.requireNonNull(locale, "locale");
    }

    /** The recipient's domain, what the audit events say of the address. */
    public String recipientDomain() {
        return to.substring(to.lastIndexOf('@') + 1).replace(">", "").strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        // never the address, the text or the HTML (a link's secret): what a log line may say
        return "OutgoingMail[" + kind + " " + messageId + "]";
    }
}
