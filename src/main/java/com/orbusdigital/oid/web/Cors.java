package com.orbusdigital.oid.web;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.catalina.filters.CorsFilter;

/**
 * Cross-origin access for browser applications, by Tomcat's own CorsFilter configured from the
 * settings: the protocol endpoints a single-page application calls from CORS_ALLOWED_ORIGINS, the
 * admin API only from OID_ADMIN_CORS_ALLOWED_ORIGINS. An empty setting installs nothing. The pages
 * (/authorize, /login, /logout) are top-level navigations and never get CORS.
 */
public final class Cors {

    /** The endpoints a browser application calls with fetch. */
    static final List<String> PROTOCOL_PATHS = List.of("/token", "/userinfo", "/revoke", "/introspect",
            "/.well-known/openid-configuration", "/.well-known/jwks.json");
    static final List<String> ADMIN_PATHS = List.of("/admin/*");

    /** Response headers a script may read beyond the safelisted ones: error challenges, back-off, the rate limiter's headers. */
    private static final String PROTOCOL_EXPOSED =
            "WWW-Authenticate,Retry-After,RateLimit,RateLimit-Policy,RateLimit-Limit,RateLimit-Remaining,RateLimit-Reset";

    /** Long enough to spare most preflights, short enough that removing an origin takes effect soon. */
    private static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

    private Cors() {}

    /** Adds the filters before any declared in web.xml, so a later refusal (a rate limit) still reaches the script. */
    public static void register(ServletContext context, OidConfig config) {
        if (!config.corsAllowedOrigins().isEmpty()) {
            add(context, "oid-cors", protocolParameters(config.corsAllowedOrigins()), PROTOCOL_PATHS);
        }
        if (!config.adminCorsAllowedOrigins().isEmpty()) {
            add(context, "oid-admin-cors", adminParameters(config.adminCorsAllowedOrigins()), ADMIN_PATHS);
        }
    }

    /**
     * Credentials are client authentication or a bearer token in the Authorization header, never a
     * cookie: no Access-Control-Allow-Credentials, so a page can never send OID's session cookie along.
     */
    static Map<String, String> protocolParameters(List<String> origins) {
        return parameters(origins, "GET,HEAD,POST", PROTOCOL_EXPOSED);
    }

    /** The admin API's methods; Location names what a POST created. */
    static Map<String, String> adminParameters(List<String> origins) {
        return parameters(origins, "GET,HEAD,POST,PUT,PATCH,DELETE", "Location,WWW-Authenticate,Retry-After");
    }

    private static Map<String, String> parameters(List<String> origins, String methods, String exposed) {
        return Map.of(
                "cors.allowed.origins", String.join(",", origins),
                "cors.allowed.methods", methods,
                "cors.allowed.headers", "Authorization,Content-Type",
                "cors.exposed.headers", exposed,
                "cors.support.credentials", "false",
                "cors.preflight.maxage", PREFLIGHT_MAX_AGE_SECONDS,
                "cors.request.decorate", "false");
    }

    private static void add(ServletContext context, String name, Map<String, String> parameters, List<String> paths) {
        FilterRegistration.Dynamic filter = context.addFilter(name, ListedOriginsCorsFilter.class);
        filter.setInitParameters(parameters);
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, paths.toArray(String[]::new));
    }

    /**
     * Tomcat's CorsFilter but for one thing: a request from an origin that is not listed is served
     * without CORS headers, as the CORS recommendation (§6.1.2) has it, instead of Tomcat's 403. The
     * browser then keeps the response from the page, so nothing is shared, while a client that
     * forwards an Origin header or sends "null", and a same-origin request behind a proxy that
     * rewrites Host, keep working. These paths honour no cookie, so such a request carries no
     * ambient authority. A preflight from such an origin is still answered 403 by Tomcat's code.
     * The same goes for an Origin header Tomcat cannot even parse: outside a preflight it makes the
     * request no CORS request, rather than a bare 403 the protocol's clients cannot read.
     */
    public static class ListedOriginsCorsFilter extends CorsFilter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http && !"OPTIONS".equals(http.getMethod())
                    && checkRequestType(http) == CORSRequestType.INVALID_CORS) {
                ((HttpServletResponse) response).addHeader("Vary", "Origin");
                chain.doFilter(request, response);
                return;
            }
            super.doFilter(request, response, chain);
        }

        @Override
        protected void handleSimpleCORS(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (isAnyOriginAllowed() || getAllowedOrigins().contains(request.getHeader("Origin"))) {
                super.handleSimpleCORS(request, response, chain);
                return;
            }
            response.addHeader("Vary", "Origin");
            chain.doFilter(request, response);
        }
    }
}
