package com.orbusdigital.oid.user;

import com.ibm.icu.text.IDNA;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one place an email address is judged, for uniqueness and for signing in by email: the local part
 * as {@link Usernames} maps a username (width, case, NFC; IdentifierClass, so any printable ASCII but
 * no space; one script), the domain through IDNA (UTS #46, nontransitional, STD3) to its ASCII form:
 * "Ada@Bücher.Example" is stored and compared as "ada@xn--bcher-kva.example".
 */
public final class EmailAddresses {

    static final String FORMAT = "must be an email address";

    /** RFC 5321 §4.5.3.1.1's limit of a local part (it counts octets; characters, as OID always did). */
    private static final int MAX_LOCAL_PART = 64;

    /** RFC 1035 §2.3.4: a domain name is at most 253 characters written out. */
    private static final int MAX_DOMAIN = 253;

    /** Labels of letters, digits and hyphens, at least two of them: no address on a bare host or an IP literal. */
    private static final Pattern ASCII_DOMAIN = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");

    private static final IDNA IDNA_2008 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.USE_STD3_RULES
            | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO);

    private EmailAddresses() {}

    public static Identifier enforce(String text) {
        // mapped first, so that a fullwidth "＠" separates the parts like "@"
        String mapped = Precis.map(text);
        int at = mapped.indexOf('@');
        if (at <= 0 || at != mapped.lastIndexOf('@')) {
            return new Identifier.Invalid(FORMAT);
        }
        String local = mapped.substring(0, at);
        if (local.codePointCount(0, local.length()) > MAX_LOCAL_PART || !local.codePoints().allMatch(EmailAddresses::isAllowed)) {
            return new Identifier.Invalid(FORMAT);
        }
        Optional<String> domain = asciiDomain(mapped.substring(at + 1));
        if (domain.isEmpty()) {
            return new Identifier.Invalid(FORMAT);
        }
        Optional<String> problem = Precis.problem(local);
        return problem.<Identifier>map(p -> new Identifier.Invalid("has a local part that " + p))
                .orElseGet(() -> new Identifier.Valid(local + "@" + domain.get()));
    }

    private static boolean isAllowed(int c) {
        return c < 0x80 ? c > 0x20 && c < 0x7f : Precis.isIdentifierCodePoint(c);
    }

    private static Optional<String> asciiDomain(String domain) {
        IDNA.Info info = new IDNA.Info();
        String ascii = IDNA_2008.nameToASCII(domain, new StringBuilder(), info).toString();
        return info.hasErrors() || ascii.length() > MAX_DOMAIN || !ASCII_DOMAIN.matcher(ascii).matches()
                ? Optional.empty() : Optional.of(ascii);
    }
}
