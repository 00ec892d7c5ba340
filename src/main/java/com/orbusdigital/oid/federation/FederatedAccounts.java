package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.user.Usernames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure rules of turning a provider's identity into a user of the tenant: the username of a user
 * created just in time, and the roles the provider's claim gives. No I/O: unit-tested alone.
 */
public final class FederatedAccounts {

    private FederatedAccounts() {}

    /**
     * The username for a user created for {@code identity}: the provider's username claim, else its
     * email, else its {@code sub} — the first that OID accepts as a username ({@link Usernames#enforce},
     * in its enforced form). Empty when none is: the sign-in is refused rather than inventing one the
     * person would not recognise.
     */
    public static Optional<String> username(UpstreamProvider provider, UpstreamIdentity identity) {
        for (Optional<String> candidate : List.of(identity.text(provider.usernameClaim()), identity.text(provider.emailClaim()),
                Optional.of(identity.subject()))) {
            Optional<String> valid = candidate.flatMap(text -> Usernames.enforce(text).valid());
            if (valid.isPresent()) {
                return valid;
            }
        }
        return Optional.empty();
    }

    /** The tenant roles the provider's roles claim grants now, through the mappings (none without a roles claim). */
    public static Set<String> granted(UpstreamProvider provider, UpstreamIdentity identity) {
        Set<String> granted = new LinkedHashSet<>();
        provider.rolesClaim().ifPresent(claim -> identity.values(claim).forEach(value ->
                granted.addAll(provider.roleMappings().getOrDefault(value, List.of()))));
        granted.removeIf(FederatedAccounts::reserved);
        return granted;
    }

    /**
     * Every role the mappings can give: those the provider no longer asserts are taken away at each
     * sign-in; roles outside the mappings (given by an administrator) are never touched.
     */
    public static Set<String> mappable(UpstreamProvider provider) {
        Set<String> mappable = new LinkedHashSet<>();
        if (provider.rolesClaim().isPresent()) {
            for (Map.Entry<String, List<String>> mapping : provider.roleMappings().entrySet()) {
                mappable.addAll(mapping.getValue());
            }
        }
        mappable.removeIf(FederatedAccounts::reserved);
        return mappable;
    }

    /** OID's own roles (oid-admin) are never given by a tenant's provider: they rule the whole platform. */
    private static boolean reserved(String role) {
        return role.startsWith(com.orbusdigital.oid.role.Role.RESERVED_PREFIX);
    }
}
