package com.orbusdigital.oid.oauth.authorize;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Base64;
import java.util.Optional;

/**
 * A glance into a request object OID does not support (issue 18): it is refused with
 * request_not_supported, but the client may have put its {@code response_mode} only there (OIDC Core
 * §6.1 lets a request object carry the parameters the query leaves out), and that error must go back
 * the way the client reads responses. Nothing else is taken from it, and nothing is trusted: the
 * signature is not checked, as the query's own response_mode is not either — the mode only says how
 * an answer reaches the redirect URI already checked. Anything unreadable reads as nothing.
 */
final class UnreadRequestObject {

    /** A request object larger than this is not looked into. */
    static final int MAX_LENGTH = 8192;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
    }

    private UnreadRequestObject() {}

    /** The string claim {@code name} of the JWT's payload (signed or not, never verified), if there is one. */
    static Optional<String> claim(String jwt, String name) {
        String[] parts = jwt.split("\\.", -1);
        if (jwt.length() > MAX_LENGTH || parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode value = payload == null ? null : payload.get(name);
            return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
        } catch (java.io.IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }
}
