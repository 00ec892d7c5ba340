package com.orbusdigital.oid.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** CloudEvents JSON serialisation. */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    static byte[] toJson(CloudEvent event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.type() + " could not be serialised", e);
        }
    }
}
