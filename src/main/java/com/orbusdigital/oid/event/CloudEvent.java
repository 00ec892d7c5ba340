package com.orbusdigital.oid.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One event in CloudEvents 1.0 structured JSON. {@code tenantid} is an extension attribute; it is
 * also the Kafka record key, so one tenant's events stay in order. Consumers deduplicate by {@code id}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"specversion", "id", "source", "type", "time", "subject", "tenantid", "datacontenttype", "data"})
public record CloudEvent(
        String id,
        String source,
        String type,
        String time,
        String subject,
        @JsonProperty("tenantid") String tenantId,
        Map<String, Object> data) {

    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    /** The CloudEvent of {@code event}: its type, record key, subject and data are the record's own, nothing added. */
    public static CloudEvent of(String source, OidEvent event, Instant time) {
        return new CloudEvent(UUID.randomUUID().toString(), source, event.type(), time.toString(), event.subject(),
                event.tenantId().toString(), event.data().fields());
    }

    @JsonProperty("specversion")
    public String specVersion() {
        return "1.0";
    }

    @JsonProperty("datacontenttype")
    public String dataContentType() {
        return "application/json";
    }
}
