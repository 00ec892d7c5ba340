package com.orbusdigital.oid.event;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;

/**
 * The one bridge between the domain's CDI events and the event stream. State changes
 * ({@link IdentityEvent}) go to the transactional outbox, in the caller's transaction, and reach
 * the broker through {@link OutboxRelay}; tokens issued and revoked ({@link TokenEvent}), far more
 * numerous and not state the platform depends on, go straight to the non-blocking publisher.
 */
@ApplicationScoped
public class EventRelay {

    private EventPublisher publisher;
    private EventOutbox outbox;
    private EntityManager entityManager;
    private Clock clock;
    private String source;

    protected EventRelay() {
        // for the CDI proxy
    }

    @Inject
    public EventRelay(EventPublisher publisher, EventOutbox outbox, EntityManager entityManager, Clock clock, OidConfig config) {
        this.publisher = publisher;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.clock = clock;
        this.source = config.issuer().value();
    }

    /**
     * Writes the event to the outbox in the transaction of the change (a synchronous observer runs
     * on the caller's thread, in its request context): it commits or rolls back with the change.
     */
    void onIdentityEvent(@Observes IdentityEvent event) {
        if (!inTransaction()) {
            // published now it could announce a change that never commits; held back, it could be lost
            throw new IllegalStateException("IdentityEvent " + event.type()
                    + " fired outside a transaction: fire it from a @Transactional method");
        }
        Instant now = clock.instant();
        outbox.append(CloudEvent.of(source, event, now), now);
    }

    /**
     * Issue 17: the work of publishing {@code event} — serialised, the tenant's lock taken, the
     * outbox's statement run in the current transaction — without writing it: a request that must
     * not reveal whether it changed anything (a forgotten password for an address no account has)
     * costs the same as one that did.
     */
    public void rehearse(IdentityEvent event) {
        if (!inTransaction()) {
            throw new IllegalStateException("IdentityEvent " + event.type() + " rehearsed outside a transaction");
        }
        Instant now = clock.instant();
        outbox.appendNothing(CloudEvent.of(source, event, now), now);
    }

    private boolean inTransaction() {
        try {
            return entityManager.getTransaction().isActive();
        } catch (ContextNotActiveException noRequest) {
            return false;
        }
    }

    /** Tokens issued and revoked: best effort, never blocks the request. */
    void onTokenEvent(@Observes TokenEvent event) {
        publisher.publish(CloudEvent.of(source, event, event.time()));
    }
}
