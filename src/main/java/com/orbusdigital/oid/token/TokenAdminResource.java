package com.orbusdigital.oid.token;

import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.admin.AdminContext;
import com.orbusdigital.oid.admin.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/** /admin/tokens/{jti}: a platform administrator revokes any access token by its jti (platform-wide power: oid-admin only). */
@Path("/admin/tokens")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class TokenAdminResource {

    /** What a jti can be (OID's are 22 base64url characters): anything else names no token. */
    private static final Pattern JTI = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private AdminTokenRevocation revocation;
    private AdminContext admin;

    protected TokenAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public TokenAdminResource(AdminTokenRevocation revocation, AdminContext admin) {
        this.revocation = revocation;
        this.admin = admin;
    }

    /** 204 whether or not such a token was ever issued: OID keeps no list of the tokens it signed. */
    @DELETE
    @Path("{jti}")
    public Response revoke(@PathParam("jti") String jti) {
        admin.requirePlatformAdmin();
        if (!JTI.matcher(jti).matches()) {
            throw ProblemException.notFound("Token");
        }
        revocation.revokeAccessToken(jti);
        return Response.noContent().build();
    }
}
