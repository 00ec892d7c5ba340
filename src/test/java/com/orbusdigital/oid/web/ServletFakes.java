package com.orbusdigital.oid.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain fakes of a servlet request and response, for filters and servlets tested without a container. */
final class ServletFakes {

    private ServletFakes() {}

    /** A request to http://oid.example.test/ with these headers (name, value, name, value, …). */
    static HttpServletRequest request(String method, String pathInfo, String... headers) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            named.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(ServletFakes.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, called, args) -> switch (called.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getScheme" -> "http";
                    case "getServerName" -> "oid.example.test";
                    case "getServerPort" -> 80;
                    case "getHeader" -> named.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getDateHeader" -> {
                        String value = named.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        try {
                            yield value == null ? -1L : ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                        } catch (RuntimeException notADate) {
                            throw new IllegalArgumentException(value);
                        }
                    }
                    case "toString" -> method + " " + pathInfo;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    /** What a servlet or filter answered. */
    static final class Response {

        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 200;
        String contentType;
        int contentLength = -1;

        final HttpServletResponse servlet = (HttpServletResponse) Proxy.newProxyInstance(ServletFakes.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, called, args) -> {
                    switch (called.getName()) {
                        case "setHeader" -> headers.put(key(args[0]), new ArrayList<>(List.of((String) args[1])));
                        case "addHeader" -> headers.computeIfAbsent(key(args[0]), name -> new ArrayList<>()).add((String) args[1]);
                        case "setDateHeader" -> headers.put(key(args[0]), new ArrayList<>(List.of(DateTimeFormatter.RFC_1123_DATE_TIME
                                .format(Instant.ofEpochMilli((Long) args[1]).atZone(ZoneOffset.UTC)))));
                        case "getHeaders" -> {
                            return List.copyOf(headers.getOrDefault(key(args[0]), List.of()));
                        }
                        case "getHeader" -> {
                            return headers.getOrDefault(key(args[0]), List.of()).stream().findFirst().orElse(null);
                        }
                        case "containsHeader" -> {
                            return headers.containsKey(key(args[0]));
                        }
                        case "setStatus" -> status = (Integer) args[0];
                        case "sendError" -> status = (Integer) args[0];
                        case "getStatus" -> {
                            return status;
                        }
                        case "setContentType" -> contentType = (String) args[0];
                        case "setContentLength" -> contentLength = (Integer) args[0];
                        case "resetBuffer" -> body.reset();
                        case "getOutputStream" -> {
                            return new ServletOutputStream() {
                                @Override
                                public void write(int b) {
                                    body.write(b);
                                }

                                @Override
                                public boolean isReady() {
                                    return true;
                                }

                                @Override
                                public void setWriteListener(WriteListener listener) {}
                            };
                        }
                        default -> throw new UnsupportedOperationException(called.getName());
                    }
                    return null;
                });

        private static String key(Object name) {
            return ((String) name).toLowerCase(Locale.ROOT);
        }

        /** The first value of a header, or null. */
        String header(String name) {
            return headers.getOrDefault(key(name), List.of()).stream().findFirst().orElse(null);
        }

        List<String> headers(String name) {
            return headers.getOrDefault(key(name), List.of());
        }

        /** Whether any Access-Control-* header was sent. */
        boolean hasCorsHeaders() {
            return headers.keySet().stream().anyMatch(name -> name.startsWith("access-control-"));
        }
    }

    /** A filter chain that records whether the request was passed on. */
    static final class Chain implements FilterChain {

        boolean reached;

        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
            reached = true;
        }
    }
}
