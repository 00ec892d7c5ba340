package com.orbusdigital.oid.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The standard claims of OpenID Connect Core §5.1 that a user has beyond OID's own columns
 * ({@code name}, {@code email}, {@code email_verified}, {@code preferred_username}, {@code updated_at}):
 * text claims, {@code phone_number_verified} and the {@code address} structure (§5.1.1). Every value
 * has passed {@link ClaimRules}; stored as one JSON object ({@link #toJson}), read back as it was written.
 *
 * @param values by claim name, in {@link #NAMES} order: strings, a Boolean ({@code phone_number_verified})
 *               and the address as a map of its parts
 */
public record StandardClaims(Map<String, Object> values) {

    /** The claims of the {@code profile} scope kept here (§5.4); {@code name}, {@code preferred_username}, {@code updated_at} are columns. */
    public static final List<String> PROFILE = List.of("given_name", "family_name", "middle_name", "nickname", "profile", "picture",
            "website", "gender", "birthdate", "zoneinfo", "locale");
    public static final String PHONE_NUMBER = "phone_number";
    public static final String PHONE_NUMBER_VERIFIED = "phone_number_verified";
    public static final String ADDRESS = "address";
    /** The claims holding text: the profile's and the phone number. */
    public static final List<String> TEXT = Stream.concat(PROFILE.stream(), Stream.of(PHONE_NUMBER)).toList();
    /** Every claim kept here, in the order they are written. */
    public static final List<String> NAMES = Stream.concat(TEXT.stream(), Stream.of(PHONE_NUMBER_VERIFIED, ADDRESS)).toList();
    /** The members of {@code address} (§5.1.1), in order. */
    public static final List<String> ADDRESS_PARTS = List.of("formatted", "street_address", "locality", "region", "postal_code", "country");
    /**
     * What a tenant may let its users edit themselves: {@code name} and every claim kept here but
     * {@code phone_number_verified} — never {@code email} (a new address needs verifying first) nor a
     * {@code *_verified} claim, which only an administrator vouches for.
     */
    public static final List<String> SELF_EDITABLE = Stream.concat(Stream.of("name"), Stream.concat(TEXT.stream(), Stream.of(ADDRESS))).toList();
    /** What a user edits when their tenant says nothing: their name and the profile claims. */
    public static final List<String> DEFAULT_SELF_EDITABLE = Stream.concat(Stream.of("name"), PROFILE.stream()).toList();

    public static final StandardClaims NONE = new StandardClaims(Map.of());

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public StandardClaims {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String name : NAMES) {
            Object value = values.get(name);
            if (value != null) {
                ordered.put(name, value instanceof Map<?, ?> parts ? address(parts) : value);
            }
        }
        values = Collections.unmodifiableMap(ordered);
    }

    /**
     * A change: each claim named is set to its value, or removed when the value is empty. A new phone
     * number is not verified, unless the same change says it is.
     */
    public record Edit(Map<String, Optional<Object>> claims) {

        public static final Edit NONE = new Edit(Map.of());

        public Edit {
            claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        }

        public boolean isEmpty() {
            return claims.isEmpty();
        }
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name)).filter(String.class::isInstance).map(String.class::cast);
    }

    public Optional<Boolean> phoneNumberVerified() {
        return Optional.ofNullable((Boolean) values.get(PHONE_NUMBER_VERIFIED));
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, String>> address() {
        return Optional.ofNullable((Map<String, String>) values.get(ADDRESS));
    }

    /** These claims with {@code edit} applied. */
    public StandardClaims with(Edit edit) {
        Map<String, Object> next = new LinkedHashMap<>(values);
        edit.claims().forEach((name, value) -> value.ifPresentOrElse(set -> next.put(name, set), () -> next.remove(name)));
        boolean newPhone = edit.claims().containsKey(PHONE_NUMBER) && !text(PHONE_NUMBER).equals(edit.claims().get(PHONE_NUMBER));
        if (newPhone && !edit.claims().containsKey(PHONE_NUMBER_VERIFIED)) {
            next.remove(PHONE_NUMBER_VERIFIED);
        }
        if (!next.containsKey(PHONE_NUMBER)) {
            next.remove(PHONE_NUMBER_VERIFIED); // nothing left to have verified
        }
        return new StandardClaims(next);
    }

    /** The names of the claims whose values differ between these and {@code other}, in {@link #NAMES} order. */
    public List<String> changedFrom(StandardClaims other) {
        return NAMES.stream().filter(name -> !java.util.Objects.equals(values.get(name), other.values.get(name))).toList();
    }

    /** The JSON object to store; null when there is no claim. */
    public String toJson() {
        if (values.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("standard claims could not be written", e);
        }
    }

    /** What {@link #toJson} wrote (null: none). */
    public static StandardClaims fromJson(String stored) {
        if (stored == null || stored.isBlank()) {
            return NONE;
        }
        try {
            return new StandardClaims(JSON.readValue(stored, new TypeReference<Map<String, Object>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored standard claims are not a JSON object", e);
        }
    }

    private static Map<String, String> address(Map<?, ?> parts) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String part : ADDRESS_PARTS) {
            Object value = parts.get(part);
            if (value != null) {
                ordered.put(part, value.toString());
            }
        }
        return Collections.unmodifiableMap(ordered);
    }
}
