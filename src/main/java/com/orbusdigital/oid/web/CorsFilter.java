package com.orbusdigital.oid.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CORS protocol of the Fetch standard for one set of paths, as Tomcat's CorsFilter answers it
 * (OID used that filter until it had to run on other servers too), but for one thing: a request
 * from an origin that is not listed is served without CORS headers instead of Tomcat's 403. The
 * browser then keeps the response from the page, so nothing is shared, while a client that
 * forwards an Origin header or sends "null", and a same-origin request behind a proxy that rewrites
 * Host, keep working. These paths honour no cookie, so such a request carries no ambient authority.
 * A preflight from such an origin is still refused with 403. The same goes for an Origin header
 * that is not an origin at all: outside a preflight it makes the request no CORS request, rather
 * than a bare 403 the protocol's clients cannot read.
 */
public final class CorsFilter extends HttpFilter {

    /**
     * @param origins exactly as browsers send them, or "*" alone for every origin
     * @param methods the methods a script may use, answered to preflights
     * @param headers the request headers a script may set beyond the safelisted ones
     * @param exposed the response headers a script may read beyond the safelisted ones
     */
    public record Policy(List<String> origins, List<String> methods, List<String> headers, List<String> exposed,
            int maxAgeSeconds) {

        public Policy {
            origins = List.copyOf(origins);
            methods = List.copyOf(methods);
            headers = List.copyOf(headers);
            exposed = List.copyOf(exposed);
        }

        boolean anyOrigin() {
            return origins.contains("*");
        }

        boolean allows(String origin) {
            return anyOrigin() || origins.contains(origin);
        }

        boolean allowsHeader(String header) {
            return headers.stream().anyMatch(header::equalsIgnoreCase);
        }
    }

    private final Policy policy;

    public CorsFilter(Policy policy) {
        this.policy = policy;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        boolean options = "OPTIONS".equals(request.getMethod());
        if (origin == null || isSameOrigin(request, origin)) {
            passWithoutCors(request, response, chain);
        } else if (!isValidOrigin(origin)) {
            if (options) {
                refuse(response);
            } else {
                passWithoutCors(request, response, chain);
            }
        } else if (options && request.getHeader("Access-Control-Request-Method") != null) {
            preflight(request, response, origin);
        } else if (!policy.allows(origin)) {
            passWithoutCors(request, response, chain);
        } else if (!policy.methods().contains(request.getMethod())) {
            refuse(response);
        } else {
            addAllowHeaders(request, response, origin);
            chain.doFilter(request, response);
        }
    }

    /** Answered here, never passed on: the endpoint would otherwise answer OPTIONS itself. */
    private void preflight(HttpServletRequest request, HttpServletResponse response, String origin) {
        String method = request.getHeader("Access-Control-Request-Method").strip();
        if (method.isEmpty() || !policy.allows(origin) || !policy.methods().contains(method)
                || !requestedHeaders(request).stream().allMatch(policy::allowsHeader)) {
            refuse(response);
            return;
        }
        addAllowHeaders(request, response, origin);
    }

    private static List<String> requestedHeaders(HttpServletRequest request) {
        String requested = request.getHeader("Access-Control-Request-Headers");
        if (requested == null || requested.isBlank()) {
            return List.of();
        }
        return List.of(requested.strip().split("\\s*,\\s*"));
    }

    /**
     * The same headers on every allowed request, so one cached response serves CORS and plain
     * requests alike; a preflight (or a plain OPTIONS) also gets the lists and the max age.
     */
    private void addAllowHeaders(HttpServletRequest request, HttpServletResponse response, String origin) {
        if (!policy.anyOrigin()) {
            addVary(response, "Origin");
        }
        response.addHeader("Access-Control-Allow-Origin", policy.anyOrigin() ? "*" : origin);
        if (!policy.exposed().isEmpty()) {
            response.addHeader("Access-Control-Expose-Headers", String.join(",", policy.exposed()));
        }
        if ("OPTIONS".equals(request.getMethod())) {
            addVary(response, "Access-Control-Request-Method");
            addVary(response, "Access-Control-Request-Headers");
            if (policy.maxAgeSeconds() > 0) {
                response.addHeader("Access-Control-Max-Age", Integer.toString(policy.maxAgeSeconds()));
            }
            response.addHeader("Access-Control-Allow-Methods", String.join(",", policy.methods()));
            response.addHeader("Access-Control-Allow-Headers", String.join(",", policy.headers()));
        }
    }

    /** The answer still depends on Origin, which a shared cache must know. */
    private void passWithoutCors(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!policy.anyOrigin()) {
            addVary(response, "Origin");
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response) {
        response.setContentType("text/plain");
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.resetBuffer();
    }

    /** Adds a field name to the one Vary header, lowercase, once; "*" already says everything. */
    static void addVary(HttpServletResponse response, String name) {
        Set<String> names = new LinkedHashSet<>();
        for (String value : response.getHeaders("Vary")) {
            for (String field : value.split(",")) {
                if (!field.isBlank()) {
                    names.add(field.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (names.contains("*")) {
            return;
        }
        names.add(name.toLowerCase(Locale.ROOT));
        response.setHeader("Vary", String.join(",", names));
    }

    /** An origin: "null", a file: URL, or an absolute URI; never percent-encoded (no header splitting). */
    static boolean isValidOrigin(String origin) {
        if (origin.isEmpty() || origin.contains("%")) {
            return false;
        }
        if (origin.equals("null") || origin.startsWith("file://")) {
            return true;
        }
        try {
            return new URI(origin).getScheme() != null;
        } catch (URISyntaxException notAnOrigin) {
            return false;
        }
    }

    /** Whether the Origin is this request's own scheme://host[:port], compared case-sensitively as CORS has it. */
    static boolean isSameOrigin(HttpServletRequest request, String origin) {
        String scheme = request.getScheme() == null ? null : request.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getServerName();
        if (scheme == null || host == null) {
            return false;
        }
        String withoutPort = scheme + "://" + host;
        String withPort = withoutPort + ":" + request.getServerPort();
        boolean defaultPort = request.getServerPort() == ("https".equals(scheme) || "wss".equals(scheme) ? 443 : 80);
        return origin.equals(withPort) || defaultPort && origin.equals(withoutPort);
    }
}
