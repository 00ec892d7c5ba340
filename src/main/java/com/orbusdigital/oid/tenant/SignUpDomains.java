package com.orbusdigital.oid.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Issue 17, self sign-up: the email domains a tenant lets sign up. Each is a domain name of at
 * least two labels, kept lower-case and in its ASCII form (an internationalised domain as its
 * {@code xn--} labels, as OID stores addresses); an address matches its domain exactly, not a
 * subdomain of it (a tenant that wants {@code eu.example.com} too lists it). Empty: any domain.
 */
public final class SignUpDomains {

    /** At most this many domains: a policy, not a directory. */
    public static final int MAX = 50;
    /** RFC 1035 §2.3.4. */
    private static final int MAX_LENGTH = 253;
    private static final Pattern DOMAIN = Pattern.compile("(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    static final String RULE = "must be domain names such as example.com (an internationalised one in its ASCII xn-- form), at most "
            + MAX + ", or an empty array for any";

    private SignUpDomains() {}

    /** The domains as stored (lower-case, each once, in the order given), or empty when one is not a domain name. */
    public static Optional<List<String>> parse(List<String> given) {
        if (given.size() > MAX) {
            return Optional.empty();
        }
        List<String> domains = new ArrayList<>();
        for (String value : given) {
            String domain = value.strip().toLowerCase(Locale.ROOT);
            if (domain.length() > MAX_LENGTH || !DOMAIN.matcher(domain).matches()) {
                return Optional.empty();
            }
            if (!domains.contains(domain)) {
                domains.add(domain);
            }
        }
        return Optional.of(List.copyOf(domains));
    }

    /** Whether an address at {@code domain} (lower-case ASCII, as EmailAddresses enforces it) may sign up. */
    public static boolean allows(List<String> domains, String domain) {
        return domains.isEmpty() || domains.contains(domain);
    }
}
