package com.orbusdigital.oid.event;

import java.nio.charset.StandardCharsets;

/**
 * A CloudEvent as it goes on the wire: its structured JSON, serialised once when the event was
 * written to the outbox, so a retried publication sends exactly the same bytes.
 *
 * @param id       the CloudEvents id
 * @param tenantId the Kafka record key
 * @param type     the CloudEvents type, for logs
 * @param json     the CloudEvent in structured JSON
 */
public record SerializedEvent(String id, String tenantId, String type, String json) {

    public static SerializedEvent of(CloudEvent event) {
        return new SerializedEvent(event.id(), event.tenantId(), event.type(),
                new String(Events.toJson(event), StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
