package com.orbusdigital.oid.event;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one bridge between the domain's CDI events and the event stream. */
@ApplicationScoped
public class EventRelay {

    private EventPublisher publisher;
    private String source;

    protected EventRelay() {
        // for the CDI proxy
    }

    @Inject
    public EventRelay(EventPublisher publisher, OidConfig config) {
        this.publisher = publisher;
        this.source = config.issuer().value();
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
}
