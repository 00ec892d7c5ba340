package com.orbusdigital.oid.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A relying party's side of the browser flows: the endpoint OID redirects the browser back to
 * (with {@code code}, {@code state} and {@code iss}), and any small page a test needs the browser
 * to start from. Records every request in the order it arrives; tests take them with
 * {@link #awaitRequest} (a GET, as a redirect arrives) or {@link #awaitPost} (a form post).
 */
public final class CallbackServer implements AutoCloseable {

    private static final String ANSWER = "<p>Back at the application</p>";

    /** One request as it arrived: its decoded query parameters, plus the fields of a form post. */
    public record Request(String method, String path, Map<String, String> parameters) {}

    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final List<Request> received = new ArrayList<>();
    private final List<Request> unconsumed = new ArrayList<>();

    private CallbackServer(HttpServer server) {
        this.server = server;
    }

    public static CallbackServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            CallbackServer callback = new CallbackServer(server);
            server.createContext("/", callback::handle);
            server.start();
            return callback;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An absolute URL on this server, e.g. {@code uri("/callback")} for a redirect_uri. */
    public String uri(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers requests to {@code path} with this HTML instead of the default page. */
    public void serve(String path, String html) {
        pages.put(path, html);
    }

    /** The query parameters of the next GET to {@code path} not yet taken, waiting for it if need be. */
    public Map<String, String> awaitRequest(String path, Duration timeout) {
        return await("GET", path, timeout);
    }

    /** The parameters (form fields included) of the next POST to {@code path} not yet taken. */
    public Map<String, String> awaitPost(String path, Duration timeout) {
        return await("POST", path, timeout);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized Map<String, String> await(String method, String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<Request> it = unconsumed.iterator(); it.hasNext(); ) {
                Request request = it.next();
                if (request.method().equals(method) && request.path().equals(path)) {
                    it.remove();
                    return request.parameters();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + method + " " + path + " within " + timeout + "; received: " + received);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + method + " " + path, e);
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> parameters = new LinkedHashMap<>();
            decodeInto(parameters, exchange.getRequestURI().getRawQuery());
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                decodeInto(parameters, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            String path = exchange.getRequestURI().getPath();
            record(new Request(exchange.getRequestMethod(), path, Collections.unmodifiableMap(parameters)));

            byte[] body = pages.getOrDefault(path, ANSWER).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private synchronized void record(Request request) {
        received.add(request);
        unconsumed.add(request);
        notifyAll();
    }

    /** A repeated name keeps its first value: OAuth forbids repeating a parameter, and OID sends none twice. */
    private static void decodeInto(Map<String, String> parameters, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }
}
