package com.orbusdigital.oid.event;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one bridge between the domain's CDI events and the event stream. State changes
 * ({@link IdentityEvent}) go to the transactional outbox, in the caller's transaction, and reach
 * the broker through {@link OutboxRelay}; tokens issued and revoked, far more numerous and not
 * state the platform depends on, go straight to the non-blocking publisher.
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
        Objects.requireNonNull(event.tenantId(), () -> "IdentityEvent " + event.type() + " has no tenant: it would have no record key");
        if (!inTransaction()) {
            // published now it could announce a change that never commits; held back, it could be lost
            throw new IllegalStateException("IdentityEvent " + event.type()
                    + " fired outside a transaction: fire it from a @Transactional method");
        }
        Instant now = clock.instant();
        outbox.append(CloudEvent.create(source, event.type(), now, event.tenantId(), event.subject(), event.data()), now);
    }

    private boolean inTransaction() {
        try {
            return entityManager.getTransaction().isActive();
        } catch (ContextNotActiveException noRequest) {
            return false;
        }
    }

    void onTokenIssued(@Observes TokenIssued issued) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant_id", issued.tenantId().toString());
        data.put("client_id", issued.clientId());
        issued.userId().ifPresent(user -> data.put("user_id", user.toString()));
        data.put("grant_type", issued.grantType());
        data.put("jti", issued.jti());
        data.put("expires_at", issued.expiresAt().toString());
        publisher.publish(CloudEvent.create(source, "oid.token.issued", issued.issuedAt(), issued.tenantId(),
                issued.userId().map(Object::toString).orElse(issued.clientId()), data));
    }

    /** Like {@link #onTokenIssued}: best effort, never blocks the revocation request. */
    void onTokenRevoked(@Observes TokenRevoked revoked) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant_id", revoked.tenantId().toString());
        data.put("client_id", revoked.clientId());
        data.put("jti", revoked.jti());
        data.put("expires_at", revoked.expiresAt().toString());
        publisher.publish(CloudEvent.create(source, "oid.token.revoked", revoked.revokedAt(), revoked.tenantId(),
                revoked.clientId(), data));
    }
}
