package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.user.EmailAddresses;
import java.util.Locale;
import java.util.Optional;

/**
 * Home-realm discovery's key: the domain of what was typed in the login page's identifier field,
 * when it is an email address, in the form identity_provider_domains keeps (lowercase, IDNA ASCII:
 * "Bücher.Example" is "xn--bcher-kva.example"). Compared exactly: a subdomain is another domain
 * (sales.example.com is not example.com), so a provider sees only the addresses it was given.
 */
public final class EmailDomains {

    private EmailDomains() {}

    public static Optional<String> of(String typed) {
        if (typed == null || typed.indexOf('@') < 0) {
            return Optional.empty();
        }
        return EmailAddresses.enforce(typed.strip()).valid()
                .map(address -> address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
    }
}
