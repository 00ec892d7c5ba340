package com.orbusdigital.oid.web;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.List;

/**
 * Cross-origin access for browser applications, by OID's own {@link CorsFilter} configured from the
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
    private static final List<String> PROTOCOL_EXPOSED = List.of("WWW-Authenticate", "Retry-After", "RateLimit",
            "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");

    /** Long enough to spare most preflights, short enough that removing an origin takes effect soon. */
    private static final int PREFLIGHT_MAX_AGE_SECONDS = 600;

    private Cors() {}

    /** Adds the filters before any declared in web.xml, so a later refusal (a rate limit) still reaches the script. */
    public static void register(ServletContext context, OidConfig config) {
        if (!config.corsAllowedOrigins().isEmpty()) {
            add(context, "oid-cors", protocolPolicy(config.corsAllowedOrigins()), PROTOCOL_PATHS);
        }
        if (!config.adminCorsAllowedOrigins().isEmpty()) {
            add(context, "oid-admin-cors", adminPolicy(config.adminCorsAllowedOrigins()), ADMIN_PATHS);
        }
    }

    /**
     * Credentials are client authentication or a bearer token in the Authorization header, never a
     * cookie: no Access-Control-Allow-Credentials, so a page can never send OID's session cookie along.
     */
    static CorsFilter.Policy protocolPolicy(List<String> origins) {
        return policy(origins, List.of("GET", "HEAD", "POST"), PROTOCOL_EXPOSED);
    }

    /** The admin API's methods; Location names what a POST created. */
    static CorsFilter.Policy adminPolicy(List<String> origins) {
        return policy(origins, List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"),
                List.of("Location", "WWW-Authenticate", "Retry-After"));
    }

    private static CorsFilter.Policy policy(List<String> origins, List<String> methods, List<String> exposed) {
        return new CorsFilter.Policy(origins, methods, List.of("Authorization", "Content-Type"), exposed, PREFLIGHT_MAX_AGE_SECONDS);
    }

    private static void add(ServletContext context, String name, CorsFilter.Policy policy, List<String> paths) {
        FilterRegistration.Dynamic filter = context.addFilter(name, new CorsFilter(policy));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, paths.toArray(String[]::new));
    }
}
