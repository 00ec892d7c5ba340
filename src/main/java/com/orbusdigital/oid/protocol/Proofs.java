package com.orbusdigital.oid.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The factors a sign-in has proved, each with when it was last proved: what a sign-in session and a
 * pending sign-in remember, and what {@code acr}, {@code amr} and {@code auth_time} are derived from.
 * Stored as text ({@link #encode}): {@code "password:1733600000 otp:1733600030"}.
 */
public final class Proofs {

    public static final Proofs NONE = new Proofs(Map.of());

    private final Map<Factor, Instant> proved;

    private Proofs(Map<Factor, Instant> proved) {
        EnumMap<Factor, Instant> copy = new EnumMap<>(Factor.class);
        copy.putAll(proved);
        this.proved = Collections.unmodifiableMap(copy);
    }

    public static Proofs of(Factor factor, Instant at) {
        return NONE.with(List.of(factor), at);
    }

    /** These, and {@code factors} proved {@code at} (whole seconds, as auth_time is). */
    public Proofs with(Collection<Factor> factors, Instant at) {
        EnumMap<Factor, Instant> next = new EnumMap<>(Factor.class);
        next.putAll(proved);
        Instant second = Instant.ofEpochSecond(at.getEpochSecond());
        factors.forEach(factor -> next.put(factor, second));
        return new Proofs(next);
    }

    /** These and {@code other}'s, the later time of a factor both proved. */
    public Proofs with(Proofs other) {
        EnumMap<Factor, Instant> next = new EnumMap<>(Factor.class);
        next.putAll(proved);
        other.proved.forEach((factor, at) -> next.merge(factor, at, (a, b) -> a.isAfter(b) ? a : b));
        return new Proofs(next);
    }

    public boolean isEmpty() {
        return proved.isEmpty();
    }

    public boolean contains(Factor factor) {
        return proved.containsKey(factor);
    }

    public Map<Factor, Instant> proved() {
        return proved;
    }

    /**
     * How strong the sign-in is: two factors make {@link Assurance#MULTI_FACTOR}, and
     * {@link Assurance#PHISHING_RESISTANT} when one is a passkey; one factor alone is a password's
     * level (OID never accepts a passkey without user verification as the only factor).
     */
    public Assurance assurance() {
        if (proved.size() < 2) {
            return Assurance.PASSWORD;
        }
        return proved.keySet().stream().anyMatch(Factor::phishingResistant) ? Assurance.PHISHING_RESISTANT : Assurance.MULTI_FACTOR;
    }

    /** RFC 8176 {@code amr}: each method once, in a stable order, and {@code mfa} for two factors or more. */
    public List<String> amr() {
        List<String> amr = new ArrayList<>();
        proved.keySet().forEach(factor -> {
            if (!amr.contains(factor.amr())) {
                amr.add(factor.amr());
            }
        });
        if (assurance().satisfies(Assurance.MULTI_FACTOR)) {
            amr.add("mfa");
        }
        return List.copyOf(amr);
    }

    /** When the person last actively proved something: {@code auth_time}, and what {@code max_age} is measured from. */
    public Optional<Instant> authTime() {
        return proved.values().stream().max(Instant::compareTo);
    }

    /** The factors' codes, as events publish them ({@code ["password", "otp"]}). */
    public List<String> codes() {
        return proved.keySet().stream().map(Factor::code).toList();
    }

    public String encode() {
        StringBuilder text = new StringBuilder();
        proved.forEach((factor, at) -> {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(factor.code()).append(':').append(at.getEpochSecond());
        });
        return text.toString();
    }

    /** The stored text back; an unknown or malformed part is left out (a factor a newer version wrote). */
    public static Proofs decode(String text) {
        EnumMap<Factor, Instant> read = new EnumMap<>(Factor.class);
        if (text != null) {
            for (String part : text.trim().split(" +")) {
                int colon = part.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                Optional<Factor> factor = Factor.fromCode(part.substring(0, colon));
                try {
                    long seconds = Long.parseLong(part.substring(colon + 1));
                    factor.ifPresent(f -> read.put(f, Instant.ofEpochSecond(seconds)));
                } catch (NumberFormatException malformed) {
                    // left out
                }
            }
        }
        return new Proofs(read);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Proofs that && proved.equals(that.proved);
    }

    @Override
    public int hashCode() {
        return proved.hashCode();
    }

    @Override
    public String toString() {
        return "Proofs[" + encode() + "]";
    }
}
