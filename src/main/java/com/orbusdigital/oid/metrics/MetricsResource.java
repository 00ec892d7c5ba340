package com.orbusdigital.oid.metrics;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.config.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Optional;

/**
 * {@code GET /metrics}: the Prometheus text format (0.0.4), or OpenMetrics when the scraper's
 * Accept header asks for it. With OID_METRICS_TOKEN set it needs {@code Authorization: Bearer
 * <token>}, compared in constant time; without, it is open and the proxy must keep it inside.
 */
@Path("/metrics")
@ApplicationScoped
public class MetricsResource {

    private static final String BEARER = "Bearer ";
    /** The Prometheus client's writers answer these; Micrometer picks the writer by the same string. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private Metrics metrics;
    private Optional<Secret> token;

    protected MetricsResource() {
        // for the CDI proxy
    }

    @Inject
    public MetricsResource(Metrics metrics, OidConfig config) {
        this.metrics = metrics;
        this.token = config.observability().metricsToken();
    }

    @GET
    public Response scrape(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        if (token.isPresent() && !presents(authorization, token.get())) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build();
        }
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        StreamingOutput body = out -> metrics.registry().scrape(out, contentType);
        return Response.ok(body, contentType).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static boolean presents(String authorization, Secret expected) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && expected.matches(authorization.substring(BEARER.length()).strip());
    }
}
