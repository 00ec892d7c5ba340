package com.orbusdigital.oid.event;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka when REDPANDA_BROKERS is set, as the runbook says; the in-memory bus otherwise. */
@ApplicationScoped
public class EventPublisherProducer {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisherProducer.class);

    @Produces
    @ApplicationScoped
    EventPublisher publisher(OidConfig config) {
        return config.events().kafkaBrokers()
                .<EventPublisher>map(brokers -> {
                    LOG.info("Publishing events to Kafka at {}, topic {}", brokers, config.events().topic());
                    return new KafkaEventPublisher(brokers, config.events().topic());
                })
                .orElseGet(() -> {
                    LOG.info("REDPANDA_BROKERS is not set: events stay on the in-memory bus");
                    return new InMemoryEventBus();
                });
    }

    void close(@Disposes EventPublisher publisher) {
        publisher.close();
    }
}
