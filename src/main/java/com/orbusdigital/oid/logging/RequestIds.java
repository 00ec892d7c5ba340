package com.orbusdigital.oid.logging;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The id of the request being served, for log lines, the access log and error references. It
 * lives in SLF4J's MDC while {@link RequestIdFilter} runs the request, because log records are
 * formatted on the request's thread without access to CDI's request context.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";
    /** What an incoming id may look like to be kept (a proxy's UUID, a W3C or AWS trace id): nothing that could forge a log line or a header. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:=-]{8,128}");

    private RequestIds() {}

    /** The current request's id, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** The incoming id when it is sane, else a new one. */
    static String choose(String incoming) {
        return incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    }
}
