package com.orbusdigital.oid.logging;

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
import java.util.EnumSet;
import org.slf4j.MDC;

/**
 * Gives every request an id: a sane incoming X-Request-Id (from the proxy that first saw the
 * request) is kept, anything else replaced by a new UUID. It is echoed as X-Request-Id (which the
 * image's access log prints), and carried by OID's log lines while the request runs.
 */
public final class RequestIdFilter implements Filter {

    /** Registers the filter for every path, before any other, so every later filter's lines carry the id. */
    public static void register(ServletContext context) {
        FilterRegistration.Dynamic registration = context.addFilter("oid-request-id", new RequestIdFilter());
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        String id = RequestIds.choose(((HttpServletRequest) req).getHeader(RequestIds.HEADER));
        ((HttpServletResponse) res).setHeader(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        try {
            chain.doFilter(req, res);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
