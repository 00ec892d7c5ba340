package com.orbusdigital.oid.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code claims} request parameter (OIDC Core §5.5): the claims a relying party asks to find in
 * the ID token and in userinfo, beyond what its scopes give, each voluntary or essential and maybe
 * with the values it should have. Only claims OID has are kept ({@link #SUPPORTED}); other names,
 * and members this version of the spec does not define, are ignored as §5.5 says. What is kept is
 * small, and travels with the code, the refresh token family and (its userinfo part) the access
 * token in the normalised form of {@link #toJson}.
 *
 * @param idToken  the claims asked for in the ID token, by name
 * @param userinfo the claims asked for from userinfo, by name
 */
public record ClaimsRequest(Map<String, Requested> idToken, Map<String, Requested> userinfo) {

    /** The claims OID can return (besides the ID token's own: iss, aud, exp, …); any other name is ignored. */
    public static final Set<String> SUPPORTED = Set.copyOf(Stream.concat(Stream.of("sub", "name", "preferred_username",
            "updated_at", "email", "email_verified", "tenant_id", "acr"), StandardClaims.NAMES.stream()).toList());
    public static final ClaimsRequest NONE = new ClaimsRequest(Map.of(), Map.of());
    /** The parameter travels in the authorization request's URL; a request this long is no honest one. */
    public static final int MAX_LENGTH = 4096;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
    }

    public ClaimsRequest {
        idToken = Collections.unmodifiableMap(new LinkedHashMap<>(idToken));
        userinfo = Collections.unmodifiableMap(new LinkedHashMap<>(userinfo));
    }

    /**
     * One requested claim (§5.5.1): {@code null} in the request is a voluntary claim of any value.
     *
     * @param values the values the claim should have ({@code value} or {@code values}); empty: any
     */
    public record Requested(boolean essential, List<Object> values) {

        public static final Requested ANY = new Requested(false, List.of());

        public Requested {
            values = List.copyOf(values);
        }

        /**
         * Whether the user's {@code value} may be returned: OID does not change a user's claims to
         * please a request, so one with other values is simply not returned, like an unmet essential
         * claim (§5.5.1: not an error).
         */
        public boolean accepts(Object value) {
            return values.isEmpty() || values.stream().anyMatch(wanted -> same(wanted, value));
        }

        private static boolean same(Object wanted, Object value) {
            if (wanted instanceof Number a && value instanceof Number b) {
                return a.longValue() == b.longValue(); // both integers (see scalar): an Integer 17 is a Long 17
            }
            return wanted.equals(value);
        }
    }

    /** Parses the authorization request's parameter; anything malformed is {@code invalid_request}. */
    public static ClaimsRequest parse(String parameter) {
        if (parameter.length() > MAX_LENGTH) {
            throw OAuthException.invalidRequest("claims is longer than " + MAX_LENGTH + " characters");
        }
        return read(parameter);
    }

    /** What {@link #toJson} wrote (null: no request); normalising may have made it a little longer than it came. */
    public static ClaimsRequest fromStored(String stored) {
        return stored == null ? NONE : read(stored);
    }

    private static ClaimsRequest read(String parameter) {
        JsonNode request;
        try {
            request = JSON.readTree(parameter);
        } catch (JsonProcessingException e) {
            throw OAuthException.invalidRequest("claims is not valid JSON (one object, no repeated member)");
        }
        if (request == null || !request.isObject()) {
            throw OAuthException.invalidRequest("claims must be a JSON object");
        }
        return new ClaimsRequest(members(request.get("id_token"), "id_token"), members(request.get("userinfo"), "userinfo"));
    }

    /** The userinfo part as an access token carries it ({@link #userinfoClaim}); absent: none. */
    public static ClaimsRequest fromAccessTokenClaim(Object claim) {
        return claim == null ? NONE : new ClaimsRequest(Map.of(), members(JSON.valueToTree(claim), "userinfo"));
    }

    public boolean isEmpty() {
        return idToken.isEmpty() && userinfo.isEmpty();
    }

    /** The normalised request, to store; null when there is none. */
    public String toJson() {
        if (isEmpty()) {
            return null;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        if (!idToken.isEmpty()) {
            request.put("id_token", plain(idToken));
        }
        if (!userinfo.isEmpty()) {
            request.put("userinfo", plain(userinfo));
        }
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a claims request could not be written", e);
        }
    }

    /** The userinfo part as plain JSON values, for an access token to carry to userinfo. */
    public Map<String, Object> userinfoClaim() {
        return plain(userinfo);
    }

    private static Map<String, Object> plain(Map<String, Requested> members) {
        Map<String, Object> plain = new LinkedHashMap<>();
        members.forEach((name, requested) -> {
            if (requested.equals(Requested.ANY)) {
                plain.put(name, null);
                return;
            }
            Map<String, Object> member = new LinkedHashMap<>();
            if (requested.essential()) {
                member.put("essential", true);
            }
            if (!requested.values().isEmpty()) {
                member.put("values", requested.values());
            }
            plain.put(name, member);
        });
        return plain;
    }

    private static Map<String, Requested> members(JsonNode node, String where) {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw OAuthException.invalidRequest("claims." + where + " must be a JSON object");
        }
        Map<String, Requested> members = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            // checked even when the name is unknown: a malformed request is refused, whatever it names
            Requested requested = requested(field.getValue(), "claims." + where);
            if (SUPPORTED.contains(field.getKey())) {
                members.put(field.getKey(), requested);
            }
        }
        return members;
    }

    private static Requested requested(JsonNode node, String where) {
        if (node.isNull()) {
            return Requested.ANY;
        }
        if (!node.isObject()) {
            throw OAuthException.invalidRequest(where + ": each claim must be null or a JSON object");
        }
        JsonNode essential = node.get("essential");
        if (essential != null && !essential.isBoolean()) {
            throw OAuthException.invalidRequest(where + ": essential must be true or false");
        }
        JsonNode value = node.get("value");
        JsonNode values = node.get("values");
        if (value != null && values != null) {
            throw OAuthException.invalidRequest(where + ": a claim has either value or values");
        }
        List<Object> wanted = new ArrayList<>();
        if (value != null) {
            wanted.add(scalar(value, where));
        }
        if (values != null) {
            if (!values.isArray()) {
                throw OAuthException.invalidRequest(where + ": values must be a JSON array");
            }
            for (JsonNode each : values) {
                wanted.add(scalar(each, where));
            }
        }
        return new Requested(essential != null && essential.booleanValue(), wanted);
    }

    /** A claim's value: the claims OID has are strings, booleans and one integer (updated_at). */
    private static Object scalar(JsonNode node, String where) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        throw OAuthException.invalidRequest(where + ": a value must be a string, an integer or a boolean");
    }
}
