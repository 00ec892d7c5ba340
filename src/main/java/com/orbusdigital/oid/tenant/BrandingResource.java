package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.web.page.AccentTheme;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;

/**
 * What a tenant's pages and emails fetch of its branding, public (issue 17, item 8): its logo at
 * {@code /branding/<tenant id>/logo?v=<sha256>}, from memory, and the stylesheet of an accent colour
 * at {@code /branding/accent/<rrggbb>.css}. Each with its exact type, {@code nosniff} (every
 * response), a CSP that lets nothing run should a browser open it as a document, and, when the URL
 * names the current content, a year's cache: the URL changes with the content. An unknown tenant, a
 * tenant without a logo and a malformed id are the same empty 404: nothing tells them apart.
 */
@Path("/branding")
@ApplicationScoped
public class BrandingResource {

    /** Nothing runs, loads or submits, whatever a browser makes of the body. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";
    private static final CacheControl FOR_GOOD = CacheControl.valueOf("public, max-age=31536000, immutable");

    private Brandings brandings;

    protected BrandingResource() {
        // for the CDI proxy
    }

    @Inject
    public BrandingResource(Brandings brandings) {
        this.brandings = brandings;
    }

    @GET
    @Path("{tenant}/logo")
    public Response logo(@PathParam("tenant") String tenant, @QueryParam("v") String version, @Context Request request) {
        Optional<TenantLogos.Logo> found = id(tenant).flatMap(brandings::logo);
        if (found.isEmpty()) {
            return notFound();
        }
        TenantLogos.Logo logo = found.get();
        EntityTag tag = new EntityTag(logo.sha256());
        // an old or missing v: the current logo, but revalidated each time rather than cached under a URL naming another
        CacheControl cache = logo.sha256().equals(version) ? FOR_GOOD : CacheControl.valueOf("no-cache");
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        Response.ResponseBuilder response = unchanged != null ? unchanged : Response.ok(logo.content()).type(logo.contentType())
                .header("Content-Disposition", "inline");
        return response.tag(tag).cacheControl(cache).header("Content-Security-Policy", CONTENT_SECURITY_POLICY).build();
    }

    @GET
    @Path("accent/{color}.css")
    public Response theme(@PathParam("color") String color) {
        return AccentTheme.css(color)
                .map(css -> Response.ok(css).type("text/css; charset=UTF-8").cacheControl(FOR_GOOD)
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY).build())
                .orElseGet(BrandingResource::notFound);
    }

    private static Optional<UUID> id(String tenant) {
        try {
            return Optional.of(UUID.fromString(tenant));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).cacheControl(CacheControl.valueOf("no-store")).build();
    }
}
