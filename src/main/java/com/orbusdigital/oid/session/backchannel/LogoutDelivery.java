package com.orbusdigital.oid.session.backchannel;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs one logout token to a client's back-channel logout URI (§2.5:
 * {@code application/x-www-form-urlencoded}, {@code logout_token=…}), within {@link #TIMEOUT} to
 * connect and as much to answer, following no redirect (a 3xx is a failure: the token goes only where
 * the administrator registered). Nothing of the token is logged or kept.
 */
@ApplicationScoped
public class LogoutDelivery {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /**
     * How the client answered.
     *
     * @param status  the HTTP status, or empty when none came
     * @param failure what went wrong, as the events say it: the status ("503"), "timeout", "unreachable"; empty on a 2xx
     */
    public record Outcome(Optional<Integer> status, Optional<String> failure) {
        static Outcome answered(int status) {
            return new Outcome(Optional.of(status), status / 100 == 2 ? Optional.empty() : Optional.of(String.valueOf(status)));
        }

        static Outcome failed(String failure) {
            return new Outcome(Optional.empty(), Optional.of(failure));
        }

        public boolean delivered() {
            return failure.isEmpty();
        }
    }

    /** The client's worker threads are OID's, named, and stopped with it. */
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "oid-backchannel-http");
        thread.setDaemon(true);
        return thread;
    });
    private HttpClient client;

    /**
     * Made at the first delivery (an OID whose clients register no URI never starts its selector
     * thread), under the JDK's class loader: that thread outlives an undeployment until the client is
     * collected, and must not hold the webapp's class loader meanwhile.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            Thread current = Thread.currentThread();
            ClassLoader webapp = current.getContextClassLoader();
            current.setContextClassLoader(HttpClient.class.getClassLoader());
            try {
                client = HttpClient.newBuilder()
                        .connectTimeout(TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .executor(threads)
                        .build();
            } finally {
                current.setContextClassLoader(webapp);
            }
        }
        return client;
    }

    @PreDestroy
    synchronized void stop() {
        threads.shutdownNow();
        client = null;
    }

    public Outcome post(String uri, String logoutToken) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(uri))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8)))
                    .build();
        } catch (IllegalArgumentException unusable) {
            // a URI registered before its rules, or one the JDK's client refuses: no attempt can succeed
            return Outcome.failed("invalid_uri");
        }
        try {
            return Outcome.answered(client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (HttpTimeoutException slow) {
            return Outcome.failed("timeout");
        } catch (IOException unreachable) {
            return Outcome.failed("unreachable");
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        }
    }
}
