package com.orbusdigital.oid.user;

import java.util.Optional;

/**
 * The one place a username is judged: RFC 8265 §3.3 UsernameCaseMapped enforcement ("ＡＤＭＩＮ" and
 * "Admin" are "admin"), a letter or digit first, then letters, digits, combining marks and . _ @ + -,
 * one script (UTS #39 Highly Restrictive: "аdmin" with a Cyrillic "а" is refused) and a skeleton by
 * which look-alikes within a tenant ("admın") are found. Creation stores the enforced form, which
 * {@code preferred_username} shows; sign-in enforces what was typed the same way before looking it up.
 */
public final class Usernames {

    public static final int MAX_LENGTH = 128;

    static final String FORMAT = "must be 1 to " + MAX_LENGTH + " letters, digits or . _ @ + -, starting with a letter or digit";

    private Usernames() {}

    public static Identifier enforce(String text) {
        String username = Precis.map(text);
        int length = username.codePointCount(0, username.length());
        if (length == 0 || length > MAX_LENGTH || Precis.isMark(username.codePointAt(0)) || isSymbol(username.codePointAt(0))
                || !username.codePoints().allMatch(Usernames::isAllowed)) {
            return new Identifier.Invalid(FORMAT);
        }
        Optional<String> problem = Precis.problem(username);
        return problem.<Identifier>map(Identifier.Invalid::new).orElseGet(() -> new Identifier.Valid(username));
    }

    /**
     * The UTS #39 skeleton of a username, after the mappings of {@link #enforce}: equal for names that
     * look alike. Defined for any text, also usernames stored before enforcement existed.
     */
    public static String skeleton(String username) {
        return Precis.skeleton(username);
    }

    private static boolean isAllowed(int c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || isSymbol(c);
        }
        return Precis.isIdentifierCodePoint(c);
    }

    private static boolean isSymbol(int c) {
        return c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
    }
}
