package com.orbusdigital.oid.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Jersey answers a request whose Content-Type or Accept it cannot parse (two Content-Types, an empty
 * one, {@code json}, a parameter without a value, {@code q=abc}) with a bare 400 before any resource,
 * filter or exception mapper sees it: no error JSON, no page, no problem document. This filter runs
 * before Jersey: an unreadable Content-Type becomes one no endpoint accepts, so each endpoint refuses
 * it in its own words, exactly like any other wrong Content-Type ({@code invalid_request}, an error
 * page, a 415 problem); an unreadable Accept is dropped, as if the client accepted anything.
 * <p>
 * Declared by annotation rather than in web.xml because it belongs to how OID reads requests, not
 * to how the webapp is deployed.
 */
@WebFilter(filterName = "unreadable-headers", urlPatterns = "/*")
public class UnreadableHeaders implements Filter {

    /** What an unreadable Content-Type is replaced by: a valid media type that no endpoint consumes. */
    public static final String UNREADABLE_CONTENT_TYPE = "application/x-unreadable-content-type";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && (!readableContentType(http) || !readableAccept(http))) {
            chain.doFilter(new Readable(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean readableContentType(HttpServletRequest request) {
        List<String> values = Collections.list(request.getHeaders(HttpHeaders.CONTENT_TYPE));
        return values.isEmpty() || (values.size() == 1 && isMediaType(values.get(0)));
    }

    private static boolean readableAccept(HttpServletRequest request) {
        return Collections.list(request.getHeaders(HttpHeaders.ACCEPT)).stream().allMatch(UnreadableHeaders::isAcceptList);
    }

    private static boolean isMediaType(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            MediaType.valueOf(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Comma-separated media ranges, each with a quality from 0 to 1 (at most three decimals) if it has one. */
    private static boolean isAcceptList(String value) {
        if (value == null) {
            return false;
        }
        for (String range : value.split(",", -1)) {
            if (!isMediaType(range.strip())) {
                return false;
            }
            String q = MediaType.valueOf(range.strip()).getParameters().get("q");
            if (q != null && !q.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
                return false;
            }
        }
        return true;
    }

    /** The request with Content-Type replaced when unreadable and Accept dropped when unreadable. */
    private static final class Readable extends HttpServletRequestWrapper {

        private final String contentType;
        private final boolean dropAccept;

        Readable(HttpServletRequest request) {
            super(request);
            this.contentType = readableContentType(request) ? request.getHeader(HttpHeaders.CONTENT_TYPE) : UNREADABLE_CONTENT_TYPE;
            this.dropAccept = !readableAccept(request);
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getHeader(String name) {
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                return contentType;
            }
            if (dropAccept && HttpHeaders.ACCEPT.equalsIgnoreCase(name)) {
                return null;
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                return contentType == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(contentType));
            }
            if (dropAccept && HttpHeaders.ACCEPT.equalsIgnoreCase(name)) {
                return Collections.emptyEnumeration();
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            if (dropAccept) {
                names.removeIf(HttpHeaders.ACCEPT::equalsIgnoreCase);
            }
            return Collections.enumeration(names);
        }
    }
}
