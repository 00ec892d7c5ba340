package com.orbusdigital.oid.metrics;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Tells {@link HttpMetricsFilter} which route answered: the templates Jersey matched, joined from
 * the resource class's down to the method's ({@code /admin/tenants/{tenant}/users/{id}}). Nothing
 * is set when no resource matched (an unknown path), which the metrics then call {@code other}.
 */
@Provider
public class RouteTemplateFilter implements ContainerResponseFilter {

    @Context
    private ExtendedUriInfo uriInfo;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        List<UriTemplate> templates = uriInfo.getMatchedTemplates();
        if (templates.isEmpty()) {
            return;
        }
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) { // Jersey lists them innermost first
            String template = templates.get(i).getTemplate();
            for (String segment : template.split("/")) {
                if (!segment.isEmpty()) {
                    route.append('/').append(segment);
                }
            }
        }
        // Jersey's servlet container keeps request properties as servlet request attributes
        request.setProperty(HttpMetricsFilter.ROUTE, route.length() == 0 ? "/" : route.toString());
    }
}
