package com.orbusdigital.oid.admin;

import jakarta.ws.rs.core.EntityTag;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The If-Match precondition of a change to an admin object (RFC 9110 §13.1.1). Absent, the change
 * applies to the object as it is; {@code *}, to the object if it exists; a list of entity tags, only
 * while the object's current ETag is one of them — compared strongly, so a weak tag never matches.
 * Services check it against the row they hold locked, so the check and the change are one step.
 *
 * @param present the request has an If-Match header
 * @param any     the header is {@code *}
 * @param tags    the opaque parts of the strong tags it lists
 */
public record IfMatch(boolean present, boolean any, Set<String> tags) {

    /** No If-Match header: the change applies to whatever is current. */
    public static final IfMatch NONE = new IfMatch(false, false, Set.of());

    private static final String MALFORMED = "If-Match must be * or a list of entity tags such as \"3\" (the ETag of the object).";

    public IfMatch {
        tags = Set.copyOf(tags);
    }

    /**
     * The strong entity tag of this object at this version: {@code "<version>-<first 8 hex digits of
     * its id>"}. The id's part keeps a tag of a deleted object from matching another created in its
     * place under the same name (versions start again at 0).
     */
    public static EntityTag etag(UUID id, long version) {
        return new EntityTag(opaque(id, version));
    }

    private static String opaque(UUID id, long version) {
        return version + "-" + id.toString().substring(0, 8);
    }

    /** The header's values (one per header line, as received); malformed is a 400 problem. */
    public static IfMatch parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return NONE;
        }
        if (values.size() == 1 && values.get(0).strip().equals("*")) {
            return new IfMatch(true, true, Set.of());
        }
        Set<String> strong = new LinkedHashSet<>();
        boolean listed = false;
        for (String value : values) {
            listed |= readList(value, strong);
        }
        if (!listed) {
            throw ProblemException.badRequest(MALFORMED);
        }
        return new IfMatch(true, false, strong);
    }

    /** Throws 412 unless this object at this version satisfies the condition; {@code what} names it ("Client 'web'"). */
    public void check(UUID id, long version, String what) {
        if (present && !any && !tags.contains(opaque(id, version))) {
            throw ProblemException.preconditionFailed(what);
        }
    }

    /**
     * {@code #entity-tag}: tags separated by commas and optional white space, empty elements allowed
     * (RFC 9110 §5.6.1). Adds the strong ones' opaque parts; answers whether any tag was listed.
     */
    private static boolean readList(String value, Set<String> strong) {
        boolean listed = false;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            boolean weak = value.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            if (open >= value.length() || value.charAt(open) != '"') {
                throw ProblemException.badRequest(MALFORMED);
            }
            int close = open + 1;
            while (close < value.length() && value.charAt(close) != '"') {
                if (!isEtagc(value.charAt(close))) {
                    throw ProblemException.badRequest(MALFORMED);
                }
                close++;
            }
            if (close == value.length()) {
                throw ProblemException.badRequest(MALFORMED);
            }
            if (!weak) {
                strong.add(value.substring(open + 1, close));
            }
            listed = true;
            i = close + 1;
            while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            if (i < value.length() && value.charAt(i) != ',') {
                throw ProblemException.badRequest(MALFORMED);
            }
        }
        return listed;
    }

    /** etagc = %x21 / %x23-7E / obs-text (RFC 9110 §8.8.3). */
    private static boolean isEtagc(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
    }
}
