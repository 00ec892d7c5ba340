package com.orbusdigital.oid.web;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;

/**
 * Headers every response carries, whoever writes it: Jersey, the AssetsServlet (/assets),
 * the CORS filter's refusals. That reach is why this is a servlet filter and not a JAX-RS response
 * filter. HSTS follows the issuer, not the request: behind a TLS-terminating proxy Tomcat itself
 * only sees http, and browsers ignore the header on a plain-http response anyway.
 */
public class SecurityHeadersFilter extends HttpFilter {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final boolean strictTransportSecurity;

    /** @param strictTransportSecurity whether JWT_ISSUER is https, so OID is only ever meant to be reached over TLS */
    public SecurityHeadersFilter(boolean strictTransportSecurity) {
        this.strictTransportSecurity = strictTransportSecurity;
    }

    /** Adds the filter for every path, before any declared in web.xml and before {@link Cors}'s if registered first. */
    public static void register(ServletContext context, OidConfig config) {
        FilterRegistration.Dynamic filter = context.addFilter("oid-security-headers", new SecurityHeadersFilter(config.issuer().isHttps()));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (strictTransportSecurity) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
        chain.doFilter(request, response);
    }
}
