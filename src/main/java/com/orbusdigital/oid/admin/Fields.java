package com.orbusdigital.oid.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.web.Excerpt;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed reads of a JSON object's fields, collecting every problem so a client sees all of them at
 * once (400 with per-field messages, as many as {@link ProblemException#invalid} lists). Unknown fields
 * are errors: a typo must not be silently ignored.
 */
public final class Fields {

    private static final String UNPAIRED_SURROGATE = "must be valid Unicode text (it has an unpaired surrogate escape)";

    private final JsonNode object;
    private final Map<String, String> errors = new LinkedHashMap<>();
    /** Kept apart so that a problem, which lists only so many, lists what is wrong with known fields first. */
    private final Map<String, String> unknown = new LinkedHashMap<>();

    public Fields(JsonNode object, Set<String> known) {
        this.object = object;
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.put(printable(name), "is not a known field");
            }
        }
    }

    public boolean has(String name) {
        return object.has(name);
    }

    /** A string field; absent gives empty (or an error when required). */
    public Optional<String> string(String name, boolean required, int maxLength) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.put(name, "is required");
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.put(name, "must be a string");
            return Optional.empty();
        }
        String text = value.asText();
        if (text.isBlank() && required) {
            errors.put(name, "must not be blank");
            return Optional.empty();
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            errors.put(name, "must be at most " + maxLength + " characters");
            return Optional.empty();
        }
        if (hasControlCharacter(text)) {
            errors.put(name, "must not contain control characters");
            return Optional.empty();
        }
        if (hasUnpairedSurrogate(text)) {
            errors.put(name, UNPAIRED_SURROGATE);
            return Optional.empty();
        }
        return Optional.of(text);
    }

    public Optional<String> matching(String name, boolean required, Pattern pattern, String rule) {
        Optional<String> value = string(name, required, 256);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            errors.put(name, rule);
            return Optional.empty();
        }
        return value;
    }

    public Optional<Boolean> bool(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            errors.put(name, "must be true or false");
            return Optional.empty();
        }
        return Optional.of(value.asBoolean());
    }

    /** An array of strings, each checked by {@code element}; absent gives empty. */
    public Optional<List<String>> strings(String name, int maxItems, int maxLength) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            errors.put(name, "must be an array of strings");
            return Optional.empty();
        }
        if (value.size() > maxItems) {
            errors.put(name, "must have at most " + maxItems + " entries");
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().isEmpty() || item.asText().length() > maxLength || hasControlCharacter(item.asText())) {
                errors.put(name + "[" + i + "]", "must be a non-empty string of at most " + maxLength + " characters without control characters");
                return Optional.empty();
            }
            if (hasUnpairedSurrogate(item.asText())) {
                errors.put(name + "[" + i + "]", UNPAIRED_SURROGATE);
                return Optional.empty();
            }
            if (items.contains(item.asText())) {
                errors.put(name + "[" + i + "]", "is repeated");
                return Optional.empty();
            }
            items.add(item.asText());
        }
        return Optional.of(List.copyOf(items));
    }

    public void error(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    public boolean hasError(String field) {
        return errors.containsKey(field) || unknown.containsKey(field);
    }

    /** Throws a 400 problem with the field errors found so far: known fields' first, then unknown fields. */
    public void throwIfInvalid() {
        if (!errors.isEmpty() || !unknown.isEmpty()) {
            Map<String, String> all = new LinkedHashMap<>(errors);
            unknown.forEach(all::putIfAbsent);
            throw ProblemException.invalid(all);
        }
    }

    /**
     * A JSON escape such as {@code "\ud800"} is valid JSON but no character: stored, PostgreSQL's
     * UTF-8 would get a "?" in its place.
     */
    static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String name) {
        return Excerpt.of(name).replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
