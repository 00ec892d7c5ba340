package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.admin.AdminContext;
import com.orbusdigital.oid.admin.AdminPrincipal;
import com.orbusdigital.oid.admin.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Resolves the {tenant} of an admin path for the caller. A tenant the caller may not act in is
 * answered exactly like one that does not exist (404): a tenant administrator learns nothing of
 * other tenants, not even whether a slug is taken.
 */
@ApplicationScoped
public class TenantAccess {

    private TenantRepository tenants;
    private AdminContext admin;

    protected TenantAccess() {
        // for the CDI proxy
    }

    @Inject
    public TenantAccess(TenantRepository tenants, AdminContext admin) {
        this.tenants = tenants;
        this.admin = admin;
    }

    public Tenant resolve(String idOrSlug) {
        AdminPrincipal principal = admin.principal();
        return tenants.findByIdOrSlug(idOrSlug)
                .filter(tenant -> principal.mayActIn(tenant.id()))
                .orElseThrow(() -> ProblemException.notFound("Tenant"));
    }
}
