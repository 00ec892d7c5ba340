package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.admin.AdminContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Which client_ids an administrator may choose. A client_id is global (it decides the tenant at
 * /authorize and /token), so "already taken" about another tenant's client would tell a tenant
 * administrator that it exists. Chosen client_ids are therefore namespaced by tenant slug: a tenant
 * administrator chooses only {@code <its slug>.<anything>}, and nobody chooses one in another
 * tenant's namespace. A conflict can then only be with a client the caller may see. (Slugs are
 * {@code [a-z0-9-]}: the first dot ends the namespace unambiguously.) Generated client_ids are UUIDs,
 * in no tenant's namespace; clients registered before namespaces keep their ids.
 */
@ApplicationScoped
public class ClientIdNamespaces {

    private AdminContext admin;
    private TenantRepository tenants;

    protected ClientIdNamespaces() {
        // for the CDI proxy
    }

    @Inject
    public ClientIdNamespaces(AdminContext admin, TenantRepository tenants) {
        this.admin = admin;
        this.tenants = tenants;
    }

    /** What is wrong with the caller choosing this client_id for a client of this tenant, if anything. */
    public Optional<String> problem(Tenant tenant, String clientId) {
        String own = namespace(tenant.slug());
        if (!admin.principal().platformAdmin()) {
            return clientId.startsWith(own) && clientId.length() > own.length() ? Optional.empty()
                    : Optional.of("must start with \"" + own + "\" followed by the rest of the id: a tenant administrator chooses"
                            + " client_ids in its tenant's namespace (or leaves client_id out to have one generated)");
        }
        int dot = clientId.indexOf('.');
        if (dot > 0 && !clientId.startsWith(own) && tenants.findBySlug(clientId.substring(0, dot)).isPresent()) {
            return Optional.of("must not start with \"" + clientId.substring(0, dot + 1) + "\": that is the namespace of tenant "
                    + clientId.substring(0, dot));
        }
        return Optional.empty();
    }

    /** The prefix of the client_ids a tenant's administrators may choose. */
    public static String namespace(String slug) {
        return slug + ".";
    }
}
