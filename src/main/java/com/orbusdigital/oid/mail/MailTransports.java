package com.orbusdigital.oid.mail;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.InMemoryEventBus;
import com.orbusdigital.oid.event.KafkaEventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SMTP when OID_SMTP_URL is set; else OID_MAIL_TOPIC on the events' Kafka (or, without one, kept in memory). */
@ApplicationScoped
public class MailTransports {

    private static final Logger LOG = LoggerFactory.getLogger(MailTransports.class);

    @Produces
    @ApplicationScoped
    MailTransport transport(OidConfig config, Clock clock) {
        OidConfig.Mail mail = config.mail();
        if (mail.smtp().isPresent()) {
            LOG.info("Sending emails through {}{}, from {}", mail.smtp().get(),
                    mail.smtp().get().implicitTls() ? "" : mail.requireStartTls() ? " (STARTTLS required)" : " (STARTTLS when offered)",
                    mail.from());
            return SmtpTransport.of(mail, clock);
        }
        return config.events().kafkaBrokers()
                .map(brokers -> {
                    LOG.info("OID_SMTP_URL is not set: emails are published on Kafka topic {} for the platform's notification service",
                            mail.topic());
                    return new TopicTransport(new KafkaEventPublisher(brokers, mail.topic()), config.issuer().value(), clock);
                })
                .orElseGet(() -> {
                    LOG.warn("Neither OID_SMTP_URL nor REDPANDA_BROKERS is set: emails are kept in memory and reach no one");
                    return new TopicTransport(new InMemoryEventBus(), config.issuer().value(), clock);
                });
    }

    void close(@Disposes MailTransport transport) {
        transport.close();
    }
}
