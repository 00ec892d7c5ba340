package com.orbusdigital.oid.account;

import com.orbusdigital.oid.tenant.TenantAccess;
import com.orbusdigital.oid.web.AdminApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Issue 17, item 3: {@code POST /admin/tenants/{tenant}/users/{id}/email-verification} sends the
 * user a link that verifies their address: 202 (the email leaves through the mail outbox; the
 * limits per account and per address answer the same), 404 for no such user in this tenant, 409
 * when the user has no address. No body is read.
 */
@Path("/admin/tenants/{tenant}/users/{id}/email-verification")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class EmailVerificationAdminResource {

    private EmailVerification verification;
    private TenantAccess access;

    protected EmailVerificationAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public EmailVerificationAdminResource(EmailVerification verification, TenantAccess access) {
        this.verification = verification;
        this.access = access;
    }

    @POST
    public Response request(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        verification.requestByAdmin(access.resolve(tenant), id);
        return Response.accepted().build();
    }
}
