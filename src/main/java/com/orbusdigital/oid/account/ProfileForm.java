package com.orbusdigital.oid.account;

import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.ClaimRules;
import com.orbusdigital.oid.protocol.StandardClaims;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A form posted: each field of the page read against what the user has. A browser sends a field
 * left blank as "", which form parsing drops; the page's {@code fields} field names its fields, so one
 * missing from the form was blank, while a field the page did not show is left alone.
 */
final class ProfileForm {
    private final FormParameters form;
    private final Set<String> listed;
    private final Map<String, String> stored;
    /** What the page shows again: what was sent, else what the user has. */
    private final Map<String, String> shown = new LinkedHashMap<>();
    /** The message key of each refused field. */
    private final Map<String, String> errors = new LinkedHashMap<>();

    ProfileForm(FormParameters form, Set<String> listed, Map<String, String> stored) {
        this.form = form;
        this.listed = listed;
        this.stored = stored;
        stored.forEach((field, value) -> shown.put(field, display(value)));
    }

    /**
     * One field: unchanged (empty) when the page did not show it or it comes back as shown; removed
     * when blank; else its value as {@code rule}'s rules store it, or its problem in {@link #errors}.
     */
    Optional<Optional<String>> field(String field, String rule) {
        if (!form.has(field) && !listed.contains(field)) {
            return Optional.empty();
        }
        String sent = form.optional(field).map(String::strip).orElse("");
        shown.put(field, sent);
        if (sent.equals(display(stored.get(field)))) {
            return Optional.empty(); // as the page showed it (an address's line breaks shown as ", " stay line breaks)
        }
        if (sent.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        ClaimRules.Checked checked = ClaimRules.check(rule, sent);
        checked.problem().ifPresent(problem -> errors.put(field, "claims.problem." + problem.code()));
        return checked.value().map(Optional::of);
    }

    /** The whole address when a part changed (removed when every part is blank); empty when unchanged or refused. */
    Optional<Optional<Object>> address() {
        Map<String, String> parts = new LinkedHashMap<>();
        boolean changed = false;
        for (String part : StandardClaims.ADDRESS_PARTS) {
            String field = StandardClaims.ADDRESS + "." + part;
            Optional<Optional<String>> value = field(field, part);
            changed |= value.isPresent();
            value.orElse(Optional.ofNullable(stored.get(field))).ifPresent(kept -> parts.put(part, kept));
        }
        if (!changed || StandardClaims.ADDRESS_PARTS.stream().anyMatch(part -> errors.containsKey(StandardClaims.ADDRESS + "." + part))) {
            return Optional.empty();
        }
        return Optional.of(parts.isEmpty() ? Optional.empty() : Optional.of(parts));
    }

    Map<String, String> shown() {
        return shown;
    }

    Map<String, String> errors() {
        return errors;
    }

    /** A value as a single-line field shows it: the line breaks an administrator may have put in an address as ", ". */
    static String display(String value) {
        return value == null ? "" : value.replace("\n", ", ");
    }
}
