package com.orbusdigital.oid.mail;

import com.orbusdigital.oid.event.CloudEvent;
import com.orbusdigital.oid.event.EventPublisher;
import com.orbusdigital.oid.event.SerializedEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Without OID_SMTP_URL: each message is published for the platform's notification service on
 * OID_MAIL_TOPIC — never the events' topic, as a message carries its link — as a CloudEvent of type
 * {@value #TYPE} whose data are {@link OutgoingMail}'s fields, with the same guarantees as the event
 * outbox (published only once its change committed, at least once, a stable id to deduplicate by).
 */
final class TopicTransport implements MailTransport {

    static final String TYPE = "oid.email.message";
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final EventPublisher publisher;
    private final String source;
    private final Clock clock;

    TopicTransport(EventPublisher publisher, String source, Clock clock) {
        this.publisher = publisher;
        this.source = source;
        this.clock = clock;
    }

    @Override
    public void send(OutgoingMail mail) throws MailFailure {
        try {
            publisher.publishAndWait(event(mail), ACK_TIMEOUT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new MailFailure(false, "interrupted");
        } catch (Exception failure) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            throw new MailFailure(false, cause.getClass().getSimpleName());
        }
    }

    /** The CloudEvent of a message: its id is the Message-ID's (the same at every attempt). */
    SerializedEvent event(OutgoingMail mail) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", mail.messageId());
        data.put("tenant_id", mail.tenantId().toString());
        data.put("kind", mail.kind());
        data.put("to", mail.to());
        data.put("locale", mail.locale());
        data.put("subject", mail.subject());
        data.put("text", mail.text());
        data.put("html", mail.html());
        String id = UUID.nameUUIDFromBytes(mail.messageId().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return SerializedEvent.of(new CloudEvent(id, source, TYPE, clock.instant().toString(), mail.messageId(),
                mail.tenantId().toString(), data));
    }

    @Override
    public String via() {
        return "topic";
    }

    @Override
    public void close() {
        publisher.close();
    }
}
