package com.orbusdigital.oid.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.admin.Fields;
import com.orbusdigital.oid.protocol.ClaimRules;
import com.orbusdigital.oid.protocol.StandardClaims;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The standard claims of a user in an admin API body ({@link StandardClaims#NAMES}): each one given
 * is checked by {@link ClaimRules} and becomes part of the edit; {@code null} or an empty string
 * removes it. {@code address} is an object of the §5.1.1 members, none other.
 */
final class ClaimFields {

    private ClaimFields() {}

    static StandardClaims.Edit read(JsonNode body, Fields fields) {
        Map<String, Optional<Object>> edit = new LinkedHashMap<>();
        for (String name : StandardClaims.TEXT) {
            if (fields.has(name)) {
                text(fields.string(name, false, ClaimRules.maxLength(name)), name, fields).ifPresent(value -> edit.put(name, value));
            }
        }
        if (fields.has(StandardClaims.PHONE_NUMBER_VERIFIED)) {
            Optional<Boolean> verified = fields.bool(StandardClaims.PHONE_NUMBER_VERIFIED);
            edit.put(StandardClaims.PHONE_NUMBER_VERIFIED, verified.map(Object.class::cast));
        }
        if (fields.has(StandardClaims.ADDRESS)) {
            address(body.get(StandardClaims.ADDRESS), fields).ifPresent(value -> edit.put(StandardClaims.ADDRESS, value));
        }
        return new StandardClaims.Edit(edit);
    }

    /** The edit of one text claim read by {@code fields}: empty when it was refused. */
    private static Optional<Optional<Object>> text(Optional<String> read, String name, Fields fields) {
        if (fields.hasError(name)) {
            return Optional.empty();
        }
        if (read.isEmpty() || read.get().isEmpty()) {
            return Optional.of(Optional.empty()); // null or "": removed
        }
        ClaimRules.Checked checked = ClaimRules.check(name, read.get());
        checked.problem().ifPresent(problem -> fields.error(name, problem.message()));
        return checked.value().map(Optional::of);
    }

    private static Optional<Optional<Object>> address(JsonNode node, Fields fields) {
        if (node.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!node.isObject()) {
            fields.error(StandardClaims.ADDRESS, "must be an object of formatted, street_address, locality, region, postal_code, country");
            return Optional.empty();
        }
        Map<String, Object> parts = new LinkedHashMap<>();
        boolean valid = true;
        for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            String field = StandardClaims.ADDRESS + "." + member.getKey();
            if (!StandardClaims.ADDRESS_PARTS.contains(member.getKey())) {
                fields.error(StandardClaims.ADDRESS, "has an unknown member: only " + String.join(", ", StandardClaims.ADDRESS_PARTS));
                valid = false;
            } else if (!member.getValue().isNull() && !member.getValue().isTextual()) {
                fields.error(field, "must be a string");
                valid = false;
            } else if (member.getValue().isTextual() && !member.getValue().textValue().isEmpty()) {
                ClaimRules.Checked checked = ClaimRules.check(member.getKey(), member.getValue().textValue());
                checked.problem().ifPresent(problem -> fields.error(field, problem.message()));
                valid &= checked.value().isPresent();
                checked.value().ifPresent(value -> parts.put(member.getKey(), value));
            }
        }
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(parts.isEmpty() ? Optional.empty() : Optional.of(parts));
    }
}
