package com.orbusdigital.oid.metrics;

import io.micrometer.core.instrument.Timer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Times every request: {@code oid_http_server_requests_seconds{endpoint,method,status}}, and
 * counts the rate limiter's refusals ({@code oid_rate_limit_rejections_total{endpoint}}). The
 * endpoint is the resource's route template ({@code /admin/tenants/{tenant}/users/{id}}), never
 * the raw path, so a scanner trying a million paths adds one series ({@code other}), not a million.
 */
public final class HttpMetricsFilter implements Filter {

    /** Request attribute: the route template Jersey matched ({@link RouteTemplateFilter}). */
    static final String ROUTE = "oid.metrics.route";
    /** Request attribute set by the rate limiter when it refuses the request. */
    public static final String RATE_LIMITED = "oid.metrics.rate_limited";

    /** Endpoints answered before or outside Jersey (a rate limiter's 429, the stylesheet): named by path. */
    private static final Set<String> FIXED = Set.of("/token", "/authorize", "/login", "/userinfo", "/introspect",
            "/revoke", "/logout");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final Metrics metrics;

    HttpMetricsFilter(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Registers the filter for every path; call it first, so the time includes every other filter. */
    public static void register(ServletContext context, Metrics metrics) {
        FilterRegistration.Dynamic registration = context.addFilter("oid-http-metrics", new HttpMetricsFilter(metrics));
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long start = System.nanoTime();
        int status = 500; // what Tomcat answers if the chain throws
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            String endpoint = endpoint(request);
            Timer.builder("oid_http_server_requests")
                    .description("HTTP requests by endpoint (route template), method and status")
                    .tags("endpoint", endpoint, "method", method(request), "status", Integer.toString(status))
                    .serviceLevelObjectives(BUCKETS)
                    .register(metrics.registry())
                    .record(Duration.ofNanos(System.nanoTime() - start));
            if (request.getAttribute(RATE_LIMITED) != null) {
                metrics.counter("oid_rate_limit_rejections", "Requests refused by the per-address rate limit",
                        "endpoint", endpoint).increment();
            }
        }
    }

    static String endpoint(HttpServletRequest request) {
        if (request.getAttribute(ROUTE) instanceof String route) {
            return route;
        }
        String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
        if (FIXED.contains(path)) {
            return path;
        }
        return path.startsWith("/assets/") ? "/assets" : "other";
    }

    private static String method(HttpServletRequest request) {
        return METHODS.contains(request.getMethod()) ? request.getMethod() : "other";
    }
}
