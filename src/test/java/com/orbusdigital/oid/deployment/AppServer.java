package com.orbusdigital.oid.deployment;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A real application server distribution with one of OID's shipped artifacts deployed at the root
 * context, run as its operator runs it: its own start script in a process of its own, OID configured
 * by environment variables only. Implementations stop what they start ({@link #close}), by process.
 */
public interface AppServer extends AutoCloseable {

    /** Name and version, for messages: "Jetty 12.0.31". */
    String name();

    /** The HTTP port the server listens on, on 127.0.0.1 (chosen free before the first start). */
    int port();

    /** Where OID answers: {@code http://127.0.0.1:<port>/}. */
    default URI base() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** OID's issuer there (JWT_ISSUER). */
    default String issuer() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Starts the server with OID's environment (DATABASE_URL, JWT_ISSUER, ...) added to its own;
     * returns once the process runs, not when OID is ready. Any OID_, JWT_, DATABASE_URL or
     * REDPANDA_ variable of the test JVM's own environment is not passed on.
     */
    void start(Map<String, String> oidEnvironment) throws Exception;

    /** Stops the process started last, the way its operator would, and waits until it has ended. */
    void stop() throws Exception;

    /** What the server wrote (console and log files), for failure messages and log assertions. */
    List<String> logLines();

    @Override
    default void close() throws Exception {
        stop();
    }
}
