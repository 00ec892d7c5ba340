package com.orbusdigital.oid.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Issue 18: relying parties' back-channel logout endpoints (OpenID Connect Back-Channel Logout 1.0
 * §2.5), on a free 127.0.0.1 port: every POST is recorded with its path, content type and form
 * fields, and answered 200 — or, for a path told to {@link #failNext}, 500 that many times first.
 */
public final class LogoutReceiver implements AutoCloseable {

    /** One POST as it arrived. */
    public record Delivery(String path, String contentType, Map<String, String> form, int answered) {
        public String logoutToken() {
            return form.get("logout_token");
        }
    }

    private final HttpServer server;
    private final List<Delivery> received = new ArrayList<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    private LogoutReceiver(HttpServer server) {
        this.server = server;
    }

    public static LogoutReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            LogoutReceiver receiver = new LogoutReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An absolute URL on this server, for a client's backchannel_logout_uri. */
    public String uri(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code times} POSTs to {@code path} are answered 500. */
    public void failNext(String path, int times) {
        failures.put(path, times);
    }

    /** Every delivery so far that {@code matching} accepts, in arrival order. */
    public synchronized List<Delivery> received(Predicate<Delivery> matching) {
        return received.stream().filter(matching).toList();
    }

    /** Waits until {@code count} deliveries match (at most {@code timeout}); those that do. */
    public synchronized List<Delivery> await(Predicate<Delivery> matching, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Delivery> found = received(matching);
        while (found.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " logout token(s), got " + found.size() + "; all received: " + received);
            }
            wait(Math.max(1, left / 1_000_000));
            found = received(matching);
        }
        return found;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        int status = failures.getOrDefault(path, 0) > 0 ? 500 : 200;
        if (status == 500) {
            failures.merge(path, -1, Integer::sum);
        }
        Delivery delivery = new Delivery(path, exchange.getRequestHeaders().getFirst("Content-Type"),
                "POST".equals(exchange.getRequestMethod()) ? UserAgent.query(body) : Map.of(), status);
        synchronized (this) {
            received.add(delivery);
            notifyAll();
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
