package com.orbusdigital.oid.oauth.jwks;

import com.orbusdigital.oid.key.SigningKeys;
import com.orbusdigital.oid.web.ProtocolEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * The public signing keys (RFC 7517), for every service that verifies OID's tokens. Cacheable for
 * {@link #MAX_AGE_SECONDS}: a new key is published at least that long before it signs anything.
 */
@Path("/.well-known/jwks.json")
@ProtocolEndpoint
@ApplicationScoped
public class JwksResource {

    public static final int MAX_AGE_SECONDS = 300;
    private static final CacheControl CACHE = CacheControl.valueOf("public, max-age=" + MAX_AGE_SECONDS);

    private SigningKeys keys;

    protected JwksResource() {
        // for the CDI proxy
    }

    @Inject
    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@Context Request request) {
        return keys.ring().jwks().document().respond(request, CACHE);
    }
}
