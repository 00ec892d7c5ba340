package com.orbusdigital.oid.admin;

import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.web.PrebuiltJson;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the admin API, written by hand in {@code openapi/admin.json} and kept
 * equal to the resources by OpenApiDocumentTest. Deliberately not {@link AdminApi}: it holds no
 * secrets, and tooling (code generators, API explorers) must fetch it without a token.
 */
@Path("/admin/openapi.json")
@ApplicationScoped
public class OpenApiResource {

    static final String DOCUMENT = "openapi/admin.json";
    private static final CacheControl CACHE = CacheControl.valueOf("public, max-age=3600");

    private PrebuiltJson document;

    /**
     * For the CDI proxy and the bean alike: the resource has no dependencies to inject, and the proxy
     * must not read the file, so the document is loaded in {@link #load()}.
     */
    protected OpenApiResource() {
    }

    @PostConstruct
    void load() {
        document = new PrebuiltJson(read());
    }

    /** Creates the bean while the webapp starts, so a WAR without the document fails its deployment, not a request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing is enough: Weld instantiates the bean (and runs load()) to deliver the event
    }

    static byte[] read() {
        try (InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the WAR");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(DOCUMENT + " could not be read", e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@Context Request request) {
        return document.respond(request, CACHE);
    }
}
