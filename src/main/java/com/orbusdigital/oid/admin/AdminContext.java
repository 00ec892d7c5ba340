package com.orbusdigital.oid.admin;

import jakarta.enterprise.context.RequestScoped;

/** The admin principal of the current request, set by {@code token.AdminAuthenticationFilter}. */
@RequestScoped
public class AdminContext {

    private AdminPrincipal principal;

    /** Public for token.AdminAuthenticationFilter, which alone calls it: it sits above this package. */
    public void authenticate(AdminPrincipal principal) {
        this.principal = principal;
    }

    public AdminPrincipal principal() {
        if (principal == null) {
            throw ProblemException.unauthorized("An admin bearer token is required.", false);
        }
        return principal;
    }

    /** Platform-wide operations (creating, deleting, listing every tenant) need oid-admin. */
    public AdminPrincipal requirePlatformAdmin() {
        AdminPrincipal current = principal();
        if (!current.platformAdmin()) {
            throw ProblemException.forbidden("This operation needs the oid-admin role of the platform tenant.");
        }
        return current;
    }
}
